/**
 * Request body limits per route: each body is limited to what its route needs, and a larger one
 * is answered 413 problem+json without reading it whole. JSON routes use Hono's bodyLimit (the
 * Content-Length is checked first; a chunked body is counted while read and dropped at the
 * limit); the incident upload is streamed through countedBody so a large file is never buffered.
 */
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors.js';

const MB = 1024 * 1024;
/** A drawn hot-times area: 10,000 positions with filters fit in well under 1 MB. */
export const HOT_TIMES_BODY_BYTES = 2 * MB;
/** A Knox request is a handful of numbers and two short break lists. */
export const KNOX_BODY_BYTES = 64 * 1024;

function sizeText(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toLocaleString('nl-NL', { maximumFractionDigits: 1 })} MB` : `${Math.round(bytes / 1024).toLocaleString('nl-NL')} kB`;
}

export function tooLarge(maxBytes: number, hint = ''): AppError {
  return new AppError(413, 'Verzoek te groot', `De aanvraag is groter dan ${sizeText(maxBytes)}, het maximum voor deze route.${hint ? ` ${hint}` : ''}`, { maxBytes });
}

/** Hono's bodyLimit with the 413 as problem+json. */
export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge(maxBytes);
    },
  });
}

/** A declared Content-Length over the limit (checked before anything is read). */
export function declaredTooLarge(header: string | undefined, maxBytes: number): boolean {
  if (!header || !/^\d+$/.test(header.trim())) return false;
  return Number(header.trim()) > maxBytes;
}

/**
 * Streams `body` chunk by chunk and throws `error()` as soon as more than `maxBytes` have come in;
 * `exceeded()` tells afterwards whether that happened (the parser may wrap the error).
 */
export function countedBody(body: ReadableStream<Uint8Array>, maxBytes: number, error: () => AppError) {
  let exceeded = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let n = 0;
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        n += value.length;
        if (n > maxBytes) {
          exceeded = true;
          throw error();
        }
        yield value;
      }
    } finally {
      await reader.cancel().catch(() => {});
    }
  }
  return { chunks: chunks(), exceeded: () => exceeded };
}

/** Reads a whole body into memory, but never more than `maxBytes` (then throws `error()`). */
export async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number, error: () => AppError): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const chunk of countedBody(body, maxBytes, error).chunks) {
    parts.push(chunk);
    n += chunk.length;
  }
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
