/**
 * The web app (web/) builds to dist/, which the Hono server serves beside the API.
 * In development (`npm run dev`) Vite serves web/ and proxies /api to the server on PORT.
 *
 * After the build every compressible file gets a brotli (.br) and a gzip (.gz) twin, which
 * server/app.ts serves with `precompressed: true`: a 2-core server never compresses on the fly.
 */
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const apiPort = Number(process.env.PORT ?? 8080);
const outDir = new URL('./dist/', import.meta.url).pathname;

/** Text-like files worth compressing; fonts (woff2) and images are compressed already. */
/**
 * Brotli 9, not 11: on the 2 MB chunks 11 takes ~8 s of CPU per build (every browser-test run
 * builds) for ~10 % fewer bytes.
 */
const BROTLI_QUALITY = 9;
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|map|wasm)$/;

function precompress(): Plugin {
  const br = promisify(brotliCompress);
  const gz = promisify(gzip);
  return {
    name: 'vk-precompress',
    apply: 'build',
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })).map((f) => join(outDir, f)).filter((f) => COMPRESSIBLE.test(f));
      await Promise.all(
        files.map(async (f) => {
          if ((await stat(f)).size < 1024) return; // headers would outweigh the gain
          const body = await readFile(f);
          const [b, g] = await Promise.all([
            br(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
            gz(body, { level: 9 }),
          ]);
          // Only keep a twin that is smaller: the server then falls back to the plain file.
          if (b.length < body.length) await writeFile(`${f}.br`, b);
          if (g.length < body.length) await writeFile(`${f}.gz`, g);
        }),
      );
    },
  };
}

export default defineConfig({
  root: 'web',
  publicDir: 'public',
  plugins: [svelte(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // The map libraries change far less often than the app: their own chunks stay cached
        // (immutable) across releases of the app code.
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/ },
            { name: 'deckgl', test: /node_modules[\\/]@(?:deck\.gl|luma\.gl|math\.gl|loaders\.gl|probe\.gl)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': `http://127.0.0.1:${apiPort}` },
  },
});
