import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HttpClient, parseRetryAfter, userAgent, type HttpClientOptions } from '../../../src/core/online/http';
import { ResponseCache } from '../../../src/core/online/responseCache';
import { FakeClock, sendJson, startServer, type Handler, type TestServer } from './server';

describe('HttpClient', () => {
  let server: TestServer | undefined;
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-http-'))));
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const setup = async (handler: Handler, options: Partial<HttpClientOptions> = {}) => {
    server = await startServer(handler);
    const clock = new FakeClock();
    const retries: { attempt: number; delayMs: number; reason: string }[] = [];
    const client = new HttpClient({
      userAgent: userAgent('9.9.9', 'me@example.org'),
      clock,
      random: () => 0.5,
      onRetry: (r) => retries.push(r),
      ...options,
    });
    return { client, clock, retries, url: server.url };
  };

  describe('text / json', () => {
    it('gets JSON and sends the descriptive User-Agent', async () => {
      const { client, url } = await setup((_req, res) => sendJson(res, { ok: true }));
      assert.deepEqual(await client.json({ url: `${url}/x` }), { ok: true });
      assert.equal(server!.requests[0].headers['user-agent'], 'related-work/9.9.9 (+mailto:me@example.org)');
    });
    it('retries a 429 after the Retry-After delay (1 s) and then succeeds', async () => {
      const { client, clock, retries, url } = await setup((_req, res, n) => {
        if (n === 1) {
          res.writeHead(429, { 'retry-after': '1' });
          return void res.end();
        }
        sendJson(res, [1]);
      });
      assert.deepEqual(await client.json({ url: `${url}/x` }), [1]);
      assert.equal(server!.requests.length, 2);
      assert.deepEqual(clock.sleeps, [1000]);
      assert.equal(retries.length, 1);
    });
    it('retries a 500 with exponential backoff and jitter, then succeeds', async () => {
      const { client, clock, retries, url } = await setup((_req, res, n) => (n <= 2 ? sendJson(res, 'oops', 500) : sendJson(res, '"ok"')), {
        baseDelayMs: 400,
        retries: 3,
      });
      assert.equal(await client.json({ url: `${url}/x` }), 'ok');
      // random 0.5: half the backoff plus a quarter of it.
      assert.deepEqual(clock.sleeps, [300, 600]);
      assert.deepEqual(retries.map((r) => r.attempt), [1, 2]);
    });
    it('gives up after the retries with the status and the attempts in one line', async () => {
      const { client, url } = await setup((_req, res) => sendJson(res, 'down', 503), { retries: 2 });
      await assert.rejects(client.text({ url: `${url}/api/query?search_query=secret+draft+words` }), (err: Error) => {
        assert.match(err.message, /^HTTP 503 from 127\.0\.0\.1:\d+\/api\/query \(after 3 attempts\)$/);
        assert.doesNotMatch(err.message, /secret/);
        return true;
      });
      assert.equal(server!.requests.length, 3);
    });
    it('does not retry a 404', async () => {
      const { client, url } = await setup((_req, res) => sendJson(res, 'no', 404));
      await assert.rejects(client.text({ url: `${url}/x` }), /HTTP 404/);
      assert.equal(server!.requests.length, 1);
    });
    it('fails at once when Retry-After asks for longer than the maximum', async () => {
      const { client, clock, url } = await setup((_req, res) => {
        res.writeHead(429, { 'retry-after': '3600' });
        res.end();
      });
      await assert.rejects(client.text({ url: `${url}/x` }), /HTTP 429 .*wait 3600 s/);
      assert.deepEqual(clock.sleeps, []);
    });
    it('times out on a server that never answers', async () => {
      const { client, url } = await setup(() => {}, { timeoutMs: 150, retries: 0 });
      const started = Date.now();
      await assert.rejects(client.text({ url: `${url}/x` }), /no complete response from 127\.0\.0\.1:\d+\/x within 0\.15 s/);
      assert.ok(Date.now() - started < 2000);
    });
    it('treats a body cut mid-stream as a network error and retries it', async () => {
      const { client, retries, url } = await setup((req, res, n) => {
        if (n === 1) {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
          res.write('{"partial": ');
          setTimeout(() => req.socket.destroy(), 20);
          return;
        }
        sendJson(res, { whole: true });
      });
      assert.deepEqual(await client.json({ url: `${url}/x` }), { whole: true });
      assert.equal(retries.length, 1);
      assert.match(retries[0].reason, /closed|cut|reset/);
    });
    it('reports malformed JSON', async () => {
      const { client, url } = await setup((_req, res) => sendJson(res, '{"data": [1, 2'));
      await assert.rejects(client.json({ url: `${url}/x` }), /malformed JSON from 127\.0\.0\.1:\d+\/x/);
    });
    it('stops reading a 50 MB response at the size cap, without the server sending it all', async () => {
      let sent = 0;
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const { client, url } = await setup((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no length to check up front
        const total = 50 * 1024 * 1024;
        const pump = () => {
          while (sent < total && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end();
        };
        pump();
      }, { maxBytes: 1024 * 1024, retries: 0 });
      await assert.rejects(client.text({ url: `${url}/big` }), /larger than 1 MB/);
      assert.ok(sent < 20 * 1024 * 1024, `sent ${sent}`);
    });
    it('refuses at once a response whose Content-Length is over the cap', async () => {
      const { client, url } = await setup((_req, res) => {
        res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
        res.write('x');
      }, { maxBytes: 1024 });
      await assert.rejects(client.text({ url: `${url}/big` }), /larger than 1 KB/);
    });
    it('is cancelled by its AbortSignal mid-request, without retrying', async () => {
      const { client, url } = await setup(() => {}, { retries: 3 });
      const controller = new AbortController();
      const pending = client.text({ url: `${url}/x`, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(pending, { name: 'AbortError' });
      assert.equal(server!.requests.length, 1);
    });
  });

  describe('cache and offline', () => {
    it('answers the second call from the cache (one request)', async () => {
      const { client, url } = await setup((_req, res) => sendJson(res, { n: 1 }), { cache: new ResponseCache(dir) });
      const first = await client.text({ url: `${url}/x?q=a` });
      const second = await client.text({ url: `${url}/x?q=a` });
      assert.equal(first.fromCache, false);
      assert.equal(second.fromCache, true);
      assert.equal(second.body, first.body);
      assert.equal(server!.count('/x'), 1);
      await client.text({ url: `${url}/x?q=b` });
      assert.equal(server!.count('/x'), 2);
    });
    it('keys POSTs by body', async () => {
      const { client, url } = await setup((req, res) => sendJson(res, req.body), { cache: new ResponseCache(dir) });
      await client.text({ url: `${url}/b`, method: 'POST', json: { ids: [1] } });
      await client.text({ url: `${url}/b`, method: 'POST', json: { ids: [1] } });
      await client.text({ url: `${url}/b`, method: 'POST', json: { ids: [2] } });
      assert.equal(server!.count('/b'), 2);
    });
    it('a bad 200 is cached for 24 h (defect 1): it is not; the next healthy answer is fetched, then served from the cache', async () => {
      const cache = new ResponseCache(dir);
      const portal = '<html><body>Sign in to the hotel Wi-Fi</body></html>';
      const { client, url } = await setup(
        (_req, res, n) => {
          if (n === 1) {
            res.writeHead(200, { 'content-type': 'text/html' });
            res.end(portal);
          } else sendJson(res, { papers: [1] });
        },
        { cache },
      );
      await assert.rejects(client.json({ url: `${url}/x` }), /malformed JSON/);
      assert.deepEqual(await client.json({ url: `${url}/x` }), { papers: [1] });
      assert.deepEqual(await client.json({ url: `${url}/x` }), { papers: [1] });
      assert.equal(server!.count('/x'), 2, 'the portal page was not cached; the good answer was');
    });
    it('an answer that parses but has the wrong shape is not cached either', async () => {
      const cache = new ResponseCache(dir);
      const { client, url } = await setup((_req, res, n) => sendJson(res, n === 1 ? { error: 'maintenance' } : [{ id: 'a' }]), { cache });
      const papers = (data: unknown) => {
        if (!Array.isArray(data)) throw new Error('expected a list of papers');
        return data as { id: string }[];
      };
      await assert.rejects(client.json({ url: `${url}/x` }, papers), /expected a list of papers/);
      assert.deepEqual(await client.json({ url: `${url}/x` }, papers), [{ id: 'a' }]);
      assert.deepEqual(await client.json({ url: `${url}/x` }, papers), [{ id: 'a' }]);
      assert.equal(server!.count('/x'), 2);
    });
    it('a cached answer that no longer parses is dropped and fetched again (defect 1)', async () => {
      const cache = new ResponseCache(dir);
      const { client, url } = await setup((_req, res, n) => (n === 1 ? sendJson(res, 'not a list') : sendJson(res, [1, 2])), { cache });
      await client.text({ url: `${url}/x` }); // cached as text, as an older build would have
      const list = (data: unknown) => {
        if (!Array.isArray(data)) throw new Error('not a list');
        return data;
      };
      assert.deepEqual(await client.json({ url: `${url}/x` }, list), [1, 2]);
      assert.deepEqual(await client.json({ url: `${url}/x` }, list), [1, 2]);
      assert.equal(server!.count('/x'), 2);
    });
    it('cache entries dated in the future never expire (defect 8): such an entry is asked again of the server', async () => {
      const clock = new FakeClock();
      const { client, url } = await setup((_req, res, n) => sendJson(res, { n }), { cache: new ResponseCache(dir, clock), clock });
      clock.t += 10 * 86_400_000; // the answer is stored ten days ahead (a skewed clock)
      assert.deepEqual(await client.json({ url: `${url}/x` }), { n: 1 });
      clock.t -= 10 * 86_400_000; // back to the right time: the entry is "from the future"
      assert.deepEqual(await client.json({ url: `${url}/x` }), { n: 2 });
      assert.equal(server!.count('/x'), 2);
    });
    it('a bad 200 after a good answer expired: the good one is served instead', async () => {
      const clock = new FakeClock();
      const cache = new ResponseCache(dir, clock);
      const { client, url } = await setup((_req, res, n) => {
        if (n === 1) return sendJson(res, { ok: 1 });
        res.writeHead(200);
        res.end('');
      }, {
        cache,
        clock,
        cacheTtlMs: 1000,
      });
      await client.json({ url: `${url}/x` });
      clock.t += 5000;
      assert.deepEqual(await client.json({ url: `${url}/x` }), { ok: 1 });
      assert.equal(server!.count('/x'), 2, 'it was asked again, and its empty body not used');
    });
    it('falls back to a stale response when the server fails, and serves it offline', async () => {
      const clock = new FakeClock();
      const cache = new ResponseCache(dir, clock);
      const { client, url } = await setup((_req, res, n) => (n === 1 ? sendJson(res, 'old') : sendJson(res, 'err', 500)), {
        cache,
        clock,
        cacheTtlMs: 1000,
        retries: 0,
      });
      await client.text({ url: `${url}/x` });
      clock.t += 5000;
      const fallback = await client.text({ url: `${url}/x` });
      assert.deepEqual([fallback.body, fallback.stale], ['old', true]);
      const offline = new HttpClient({ userAgent: 'x', cache, clock, offline: true, cacheTtlMs: 1000 });
      const before = server!.requests.length;
      assert.equal((await offline.text({ url: `${url}/x` })).body, 'old');
      await assert.rejects(offline.text({ url: `${url}/never-fetched` }), /offline, and no cached response/);
      assert.equal(server!.requests.length, before, 'offline makes no request');
    });
  });

  describe('no overall deadline (defect 9)', () => {
    it('a Retry-After longer than the time left ends the request at once, saying so', async () => {
      const { client, clock, url } = await setup((_req, res) => {
        res.writeHead(503, { 'retry-after': '30' });
        res.end();
      });
      await assert.rejects(
        client.text({ url: `${url}/x`, deadline: { at: clock.now() + 20_000, ms: 20_000 } }),
        /^HttpError: HTTP 503 from 127\.0\.0\.1:\d+\/x; the server asks to wait 30 s, more than the 20 s left$/,
      );
      assert.equal(server!.requests.length, 1);
      assert.deepEqual(clock.sleeps, [], 'no wait that cannot pay off');
    });
    it('waits that fit are taken, and the budget counts them: 503 / Retry-After 8 s three times in a 20 s budget', async () => {
      const { client, clock, url } = await setup((_req, res) => {
        res.writeHead(503, { 'retry-after': '8' });
        res.end();
      }, { retries: 5 });
      await assert.rejects(client.text({ url: `${url}/x`, deadline: { at: clock.now() + 20_000, ms: 20_000 } }), /the server asks to wait 8 s, more than the 4 s left/);
      assert.deepEqual(clock.sleeps, [8000, 8000]);
      assert.equal(server!.requests.length, 3);
    });
    it('a slow drip is cut at the deadline, not at the 15 s attempt limit', async () => {
      const client = new HttpClient({ userAgent: 'x', retries: 3 });
      server = await startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        const drip = setInterval(() => res.write(' '), 50);
        res.on('close', () => clearInterval(drip));
      });
      const t0 = Date.now();
      await assert.rejects(client.text({ url: `${server.url}/x`, deadline: client.deadline(300) }), /within 0\.3 s allowed|within 0\.\d+ s/);
      assert.ok(Date.now() - t0 < 5000, 'well before the attempt limit');
    });
    it('says when an old cached answer is shown because the provider failed', async () => {
      const clock = new FakeClock();
      const cache = new ResponseCache(dir, clock);
      const { client, url } = await setup((_req, res, n) => (n === 1 ? sendJson(res, 'old') : sendJson(res, 'err', 500)), { cache, clock, cacheTtlMs: 1000, retries: 0 });
      await client.text({ url: `${url}/x` });
      clock.t += 3 * 3600_000;
      const told: string[] = [];
      const answer = await client.text({ url: `${url}/x`, notice: (m) => told.push(m) });
      assert.equal(answer.body, 'old');
      assert.deepEqual(told, [`HTTP 500 from 127.0.0.1:${new URL(url).port}/x; showing its answer from 3 hours ago`]);
    });
  });

  describe('parseRetryAfter', () => {
    it('reads seconds and HTTP dates', () => {
      assert.equal(parseRetryAfter('1', 0), 1000);
      assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4000), 6000);
      assert.equal(parseRetryAfter('soon', 0), undefined);
    });
  });
});
