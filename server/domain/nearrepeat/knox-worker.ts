/**
 * Worker-thread entry of the Knox test: runs one contiguous range of permutations on the shared
 * pair table and posts the counts back (transferring the buffer). Started by knox.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { simulateRange, type KernelContext } from './kernel.js';

interface Job {
  ctx: KernelContext;
  seed: number;
  from: number;
  to: number;
}

const job = workerData as Job;
const out = simulateRange(job.ctx, job.seed, job.from, job.to);
parentPort!.postMessage(out, [out.buffer as ArrayBuffer]);
