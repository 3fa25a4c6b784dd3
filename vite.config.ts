/**
 * The web app (web/) builds to dist/, which the Hono server serves beside the API.
 * In development (`npm run dev`) Vite serves web/ and proxies /api to the server on PORT.
 */
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const apiPort = Number(process.env.PORT ?? 8080);

export default defineConfig({
  root: 'web',
  publicDir: 'public',
  plugins: [svelte()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: { '/api': `http://127.0.0.1:${apiPort}` },
  },
});
