// A scholarly API on 127.0.0.1 for the suites: it records every request and answers as told.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeServer {
  base: string;
  requests: Seen[];
  close(): Promise<void>;
}

/** Status, content type and body of the answer to a request. */
export type Respond = (req: Seen) => [number, string, string];

/** A server that records every request and answers with `respond`. */
export async function startServer(respond: Respond): Promise<FakeServer> {
  const requests: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      const [status, type, body] = respond(seen);
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/**
 * An arXiv API on 127.0.0.1 answering every query with test/fixtures/online/arxiv-search.xml (Xiao
 * et al. 2023, then Lovelace 2024), and online search on, with arXiv as the only provider.
 * `close()` turns online search off again (the user settings as they were) and stops the server.
 */
export async function onlineArxiv(): Promise<FakeServer> {
  const xml = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'online', 'arxiv-search.xml'), 'utf8');
  const arxiv = await startServer((r) => (r.url.startsWith('/api/query') ? [200, 'application/atom+xml', xml] : [404, 'text/plain', 'no']));
  const config = vscode.workspace.getConfiguration('relatedWork');
  const keys = ['online.enabled', 'online.providers', 'online.baseUrls'];
  await config.update('online.baseUrls', { arxiv: arxiv.base }, vscode.ConfigurationTarget.Global);
  await config.update('online.providers', ['arxiv'], vscode.ConfigurationTarget.Global);
  await config.update('online.enabled', true, vscode.ConfigurationTarget.Global);
  return {
    ...arxiv,
    async close() {
      for (const key of keys) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
      await arxiv.close();
    },
  };
}
