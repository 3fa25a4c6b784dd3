/**
 * Bytes to text for file imports: reads enough of a stream to detect the encoding (UTF-8 with or
 * without BOM, UTF-16 LE/BE by BOM or by the NUL pattern of ASCII text, otherwise Windows-1252
 * for what is not valid UTF-8: what Dutch Excel writes), then hands out the rest decoded chunk by
 * chunk, counting the bytes read for progress reports.
 */
import { Readable } from 'node:stream';

/** What a file import can read from: a Node stream, any async iterable of chunks, a string or bytes. */
export type TextInput = Readable | NodeJS.ReadableStream | AsyncIterable<Uint8Array | string> | string | Uint8Array;

export interface TextSource {
  /** Text read so far that has not been handed out (starts with the whole head). */
  head: string;
  rest: AsyncIterator<string>;
  encoding: TextEncodingName;
  bytes: () => number;
  close: () => Promise<void>;
}

const HEAD_BYTES = 64 * 1024;

export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/**
 * UTF-16 by its byte order mark, or without one by the pattern of NUL bytes that ASCII text in
 * UTF-16 has (every other byte; Excel's "Unicode text" and PowerShell write such files). Such a
 * file is decoded as UTF-16 instead of being misread as Windows-1252 row by row.
 */
export function detectUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/**
 * The encoding of a file from its first bytes: UTF-16 (see {@link detectUtf16}), else UTF-8 when
 * they are valid UTF-8 (`partial`: more bytes follow, so a character cut at the end is fine),
 * else Windows-1252.
 */
export function detectEncoding(head: Uint8Array, partial: boolean): TextEncodingName {
  const utf16 = detectUtf16(head);
  if (utf16) return utf16;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: partial });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** A whole file as text, with the encoding detected like {@link openText} does (the BOM dropped). */
export function decodeText(data: Uint8Array): { text: string; encoding: TextEncodingName } {
  const encoding = detectEncoding(data, false);
  return { text: new TextDecoder(encoding).decode(data), encoding };
}

function isAsyncIterable(x: unknown): x is AsyncIterable<Uint8Array | string> {
  return typeof x === 'object' && x !== null && Symbol.asyncIterator in x;
}

/** Reads enough bytes to sniff encoding and format, then streams the rest decoded. */
export async function openText(input: TextInput): Promise<TextSource> {
  if (typeof input === 'string') {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    const bytes = Buffer.byteLength(input);
    let done = 0;
    const CH = 256 * 1024;
    let pos = Math.min(text.length, CH);
    const head = text.slice(0, pos);
    done = Buffer.byteLength(head);
    const rest: AsyncIterator<string> = {
      next: async () => {
        if (pos >= text.length) return { done: true, value: undefined };
        const chunk = text.slice(pos, pos + CH);
        pos += CH;
        done = pos >= text.length ? bytes : done + Buffer.byteLength(chunk);
        return { done: false, value: chunk };
      },
    };
    return { head, rest, encoding: 'utf-8', bytes: () => done, close: async () => {} };
  }
  const it: AsyncIterator<Uint8Array | string> =
    input instanceof Uint8Array
      ? [input][Symbol.iterator]() as unknown as AsyncIterator<Uint8Array>
      : (isAsyncIterable(input) ? input : Readable.from(input as NodeJS.ReadableStream))[Symbol.asyncIterator]();
  let bytes = 0;
  const headChunks: Uint8Array[] = [];
  let headLen = 0;
  let ended = false;
  while (headLen < HEAD_BYTES) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value;
    headChunks.push(chunk);
    headLen += chunk.length;
    bytes += chunk.length;
  }
  const headBuf = Buffer.concat(headChunks);
  const encoding = detectEncoding(headBuf, !ended);
  // The BOM (UTF-8 or UTF-16) is dropped by the decoder.
  const decoder = new TextDecoder(encoding);
  const head = decoder.decode(headBuf, { stream: !ended });
  const rest: AsyncIterator<string> = {
    next: async () => {
      if (ended) return { done: true, value: undefined };
      const r = await it.next();
      if (r.done) {
        ended = true;
        const tail = decoder.decode();
        return tail ? { done: false, value: tail } : { done: true, value: undefined };
      }
      const chunk = typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value;
      bytes += chunk.length;
      return { done: false, value: decoder.decode(chunk, { stream: true }) };
    },
  };
  return {
    head,
    rest,
    encoding,
    bytes: () => bytes,
    close: async () => {
      if (!ended) {
        ended = true;
        await it.return?.();
      }
    },
  };
}
