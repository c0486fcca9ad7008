/** Test helpers: real HTTP servers on 127.0.0.1 (port 0) and a fake clock. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Clock } from '../../../src/core/online/clock';
import { abortReason } from '../../../src/core/online/clock';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/online');
export const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

export interface TestServer {
  url: string;
  /** Requests seen, in order. */
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
  /** Requests per path (without query). */
  count(pathname: string): number;
  close(): Promise<void>;
  server: http.Server;
}

export type Handler = (
  req: http.IncomingMessage & { body: string },
  res: http.ServerResponse,
  n: number,
) => void | Promise<void>;

/** Starts a server on 127.0.0.1 answering with `handler`; `n` counts requests from 1. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '', headers: req.headers, body });
      Promise.resolve(handler(Object.assign(req, { body }), res, requests.length)).catch((err) => {
        res.statusCode = 599;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    server,
    count: (p) => requests.filter((r) => r.url.split('?')[0] === p).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: http.ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** A clock whose sleeps return at once and advance `now`; `sleeps` records what was asked. */
export class FakeClock implements Clock {
  sleeps: number[] = [];
  /** `advance: false`: sleeps do not move time (to see each waiter's delay from one instant). */
  constructor(
    public t = 1_700_000_000_000,
    private readonly advance = true,
  ) {}
  now = (): number => this.t;
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw abortReason(signal);
    this.sleeps.push(ms);
    if (this.advance) this.t += ms;
  };
}

/** A Semantic Scholar paper id (40 hex digits) made from any text. */
export const s2Id = (text: string): string => createHash('sha1').update(text).digest('hex');

/**
 * What Semantic Scholar answers in a batch for a request id (`DOI:…`, `ARXIV:…`): a paper with
 * a paper id of its shape and the external id that was asked for, plus `fields`.
 */
export function s2BatchPaper(id: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const [kind, value] = [id.slice(0, id.indexOf(':')).toUpperCase(), id.slice(id.indexOf(':') + 1)];
  const externalIds = kind === 'DOI' ? { DOI: value } : kind === 'ARXIV' ? { ArXiv: value } : {};
  return { paperId: s2Id(id), title: `Paper ${id}`, authors: [], externalIds, ...fields };
}
