/**
 * Preloaded into the server process by the load bench (`node --import ./bench/load/probe.ts
 * server/main.ts`): measures the server's own event-loop delay with perf_hooks'
 * monitorEventLoopDelay (10 ms resolution) and its resident memory. On SIGUSR2 it writes the
 * figures since the previous signal as JSON to $VK_PROBE_FILE and starts a new window, so the
 * bench reads one window per run without any change to the production server.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';

const file = process.env.VK_PROBE_FILE;
if (file) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  sampler.unref();
  process.on('SIGUSR2', () => {
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    const out = { maxLoopDelayMs: h.max / 1e6, p99LoopDelayMs: h.percentile(99) / 1e6, rssMb: rss / 2 ** 20, peakRssMb: peakRss / 2 ** 20 };
    writeFileSync(file, JSON.stringify(out));
    h.reset();
    peakRss = rss;
  });
}
