/**
 * The one HTTP server (used by main.ts, the browser tests and the crash test): the Hono app on
 * Node's http server, with answers that Node's parser gives before Hono sees the request (headers
 * or URL too long, malformed request) also as application/problem+json with a Dutch detail.
 */
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';

/** Largest request head (request line + headers) accepted; Node's default is 16 KiB. */
export const MAX_HEADER_BYTES = 32 * 1024;

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

function problemFor(code: string | undefined): { status: number; title: string; detail: string } {
  if (code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      title: 'Adres of kopregels te lang',
      detail: `Het adres (URL) of de kopregels van het verzoek zijn langer dan ${MAX_HEADER_BYTES / 1024} KB. Stuur grote invoer als body (POST).`,
    };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADER_TIMEOUT')
    return { status: 408, title: 'Verzoek duurde te lang', detail: 'Het verzoek kwam niet op tijd volledig binnen.' };
  return { status: 400, title: 'Ongeldig verzoek', detail: 'Het HTTP-verzoek is onleesbaar of ongeldig opgebouwd.' };
}

/** Writes a raw problem+json answer on a socket whose request Node's parser refused. */
export function onClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const p = problemFor(err.code);
  const body = JSON.stringify({ type: 'about:blank', title: p.title, status: p.status, detail: p.detail });
  socket.end(
    `HTTP/1.1 ${p.status} ${STATUS_TEXT[p.status]}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'X-Content-Type-Options: nosniff\r\n' +
      "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n" +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** An http.Server for the app, not yet listening. */
export function createServer(app: { fetch: Hono['fetch'] }): Server {
  const server = createAdaptorServer({ fetch: app.fetch, serverOptions: { maxHeaderSize: MAX_HEADER_BYTES } }) as Server;
  server.on('clientError', onClientError);
  return server;
}

/** Starts listening (port 0: a free port) and resolves with the bound port. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
