/**
 * The load bench's client process: drives the server with autocannon (loopback only), bounded
 * in time (`durationS`) and count (`maxRequests`), picking each request's path at random (seeded)
 * from `paths` so periods and filters vary. Records every response time itself, so p50/p95/p99
 * are exact (autocannon's own histogram has no p95). Prints one JSON line and exits only after
 * stdout has drained (a pipe must not lose it).
 *
 * Argument: one JSON object { base, paths, connections, durationS, maxRequests, headers, seed }.
 */
import autocannon from 'autocannon';
import { mulberry32 } from '../../server/domain/random.js';

interface Args {
  base: string;
  paths: string[];
  connections: number;
  durationS: number;
  maxRequests: number;
  headers: Record<string, string>;
  seed: number;
}

export interface DriveResult {
  requests: number;
  reqPerS: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  busy503: number;
  timeouts: number;
  bytesPerReq: number;
  /** Count per HTTP status other than 2xx. */
  statuses: Record<string, number>;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
if (!args.base || !args.paths?.length) throw new Error('drive.ts: base and paths required');
const rng = mulberry32(args.seed);
const latencies: number[] = [];
let busy503 = 0;
let badStatus = 0;
let bytes = 0;
const statuses: Record<string, number> = {};

let finish!: (r: autocannon.Result) => void;
const done = new Promise<autocannon.Result>((resolve) => (finish = resolve));
const instance = autocannon(
  {
  url: args.base,
  connections: args.connections,
  duration: args.durationS,
  maxOverallRequests: args.maxRequests,
  timeout: 60,
  headers: args.headers,
  requests: [
    {
      setupRequest: (req) => ({ ...req, method: 'GET', path: args.paths[Math.floor(rng() * args.paths.length)]! }),
    },
  ],
  },
  (err, result) => {
    if (err) throw err;
    finish(result);
  },
);
instance.on('response', (_client, statusCode, resBytes, responseTime) => {
  latencies.push(responseTime);
  bytes += resBytes;
  if (statusCode >= 300) statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  if (statusCode === 503) busy503++;
  else if (statusCode >= 400) badStatus++;
});

const result = await done;
latencies.sort((a, b) => a - b);
const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]! : NaN);
const out: DriveResult = {
  requests: latencies.length,
  reqPerS: latencies.length / Math.max(1e-9, (result.duration as number) ?? args.durationS),
  p50: pct(50),
  p95: pct(95),
  p99: pct(99),
  max: latencies.at(-1) ?? NaN,
  errors: result.errors + badStatus,
  busy503,
  timeouts: result.timeouts,
  bytesPerReq: latencies.length ? bytes / latencies.length : 0,
  statuses,
};
process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0));
