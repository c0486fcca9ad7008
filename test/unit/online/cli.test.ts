import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE_URL_ENV, ttyProgress } from '../../../src/cli/online';
import { fixture, FIXTURES, s2BatchPaper, s2Id, sendJson, startServer, type Handler, type TestServer } from './server';
import { runCli } from '../helpers';

const run = runCli;

const fixtureServer: Handler = (req, res) => {
  const p = (req.url ?? '').split('?')[0];
  if (p === '/api/query') {
    res.writeHead(200, { 'content-type': 'application/atom+xml' });
    return void res.end(fixture('arxiv-search.xml'));
  }
  if (p === '/graph/v1/paper/search') return sendJson(res, fixture('s2-search.json'));
  if (p === '/graph/v1/paper/batch') {
    const { ids } = JSON.parse(req.body) as { ids: string[] };
    return sendJson(res, ids.map((id) => (id.includes('ghost') ? null : s2BatchPaper(id, { abstract: 'An abstract.' }))));
  }
  sendJson(res, {}, 404);
};

describe('related-work --online (CLI)', () => {
  let dir: string;
  let bib: string;
  let server: TestServer | undefined;
  /** A second server for Semantic Scholar: arXiv's 3 s rate limit is per host, and each port is a host. */
  let s2server: TestServer | undefined;
  const saved: Record<string, string | undefined> = {};
  const ENV = [...Object.values(BASE_URL_ENV), 'RELATED_WORK_HTTP_RETRIES', 'RELATED_WORK_HTTP_TIMEOUT_MS', 'SEMANTIC_SCHOLAR_API_KEY', 'OPENALEX_API_KEY', 'RELATED_WORK_MAILTO'];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-cli-online-'));
    bib = path.join(dir, 'refs.bib');
    fs.writeFileSync(bib, '@article{offbyone, title={Attention Sinks and the Softmax Off-by-One Problem}, year={2023}}\n');
    for (const k of ENV) {
      saved[k] = process.env[k];
      delete process.env[k];
    }
    // Every provider points at 127.0.0.1, even those a test does not select.
    for (const k of Object.values(BASE_URL_ENV)) process.env[k] = 'http://127.0.0.1:9';
    process.env.RELATED_WORK_HTTP_TIMEOUT_MS = '3000';
  });
  afterEach(async () => {
    await server?.close();
    await s2server?.close();
    server = s2server = undefined;
    for (const k of ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const serve = async () => {
    server = await startServer(fixtureServer);
    s2server = await startServer(fixtureServer);
    process.env.RELATED_WORK_ARXIV_URL = server.url;
    process.env.RELATED_WORK_S2_URL = s2server.url;
  };
  const base = () => ['--bib', bib, '--no-default-corpus', '--cache-dir', path.join(dir, 'cache'), '--providers', 'arxiv,s2'];

  describe('search --online', () => {
    it('prints local results first, then online ones marked with their provider', async () => {
      await serve();
      const r = await run(['search', 'attention sinks', '--online', ...base()]);
      assert.equal(r.code, 0, r.err);
      const lines = r.out.split('\n');
      assert.match(lines[0], /1\. .*Attention Sinks and the Softmax Off-by-One Problem/);
      assert.doesNotMatch(lines[1], /online/);
      assert.match(r.out, /Efficient Streaming Language Models with Attention Sinks\n.*\(online · arXiv\)/);
      assert.match(r.out, /Vision Transformers Need Registers.*\n.*\(online · Semantic Scholar\)/);
      assert.equal((r.out.match(/Efficient Streaming/g) ?? []).length, 1, 'the paper both providers found appears once');
    });
    it('answers a repeated query from the cache, and --offline from the cache alone', async () => {
      await serve();
      await run(['search', 'attention sinks', '--online', ...base()]);
      const requests = server!.requests.length + s2server!.requests.length;
      const again = await run(['search', 'attention sinks', '--online', '--json', ...base()]);
      assert.equal(server!.requests.length + s2server!.requests.length, requests, 'no new request');
      const json = JSON.parse(again.out) as { id: string; online?: boolean; source: string }[];
      assert.ok(json.some((s) => s.online && s.source === 'arXiv'));
      await server!.close();
      await s2server!.close();
      server = s2server = undefined;
      const offline = await run(['search', 'attention sinks', '--online', '--offline', ...base()]);
      assert.equal(offline.code, 0, offline.err);
      assert.match(offline.out, /online · arXiv/);
    });
    it('a server killed mid-run gives one line per provider and still the local results (exit 1)', async () => {
      process.env.RELATED_WORK_HTTP_RETRIES = '1';
      server = await startServer((req) => {
        req.socket.destroy();
        void server!.close();
      });
      process.env.RELATED_WORK_S2_URL = server.url;
      const r = await run(['search', 'attention sinks', '--online', ...base().slice(0, -2), '--providers', 's2']);
      assert.equal(r.code, 1);
      assert.equal(r.err.split('\n').length, 1, r.err);
      assert.match(r.err, /^related-work: online: Semantic Scholar: (connection refused|connection closed|connection reset|other side closed).* \(after 2 attempts\)$/);
      assert.match(r.out, /Attention Sinks and the Softmax Off-by-One Problem/);
    });
    describe('server text reaches the terminal raw (defect 2)', () => {
      // ESC sequences that clear the screen, retitle the window and plant an OSC 8 link; BEL, BS,
      // CR; the 8-bit CSI; a right-to-left override.
      const HOSTILE = 'Attention sinks \u001b[2J\u001b]0;pwned\u0007\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\b\r \u009b31m \u202Egnp.exe';
      const hostileServer: Handler = (req, res) => {
        const p = (req.url ?? '').split('?')[0];
        if (p === '/graph/v1/paper/search') {
          return sendJson(res, { total: 1, offset: 0, data: [{ paperId: s2Id('h1'), title: HOSTILE, abstract: HOSTILE, venue: HOSTILE, year: 2024, externalIds: { ArXiv: '2401.00001' }, authors: [{ name: `Eve \u001b[31mRed\u202E` }] }] });
        }
        // OpenAlex answers a body that is not JSON: the warning quotes its first bytes.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('\u001b]0;owned\u0007\u009b2J not json');
      };
      const badBytes = (text: string) => [...text].filter((c) => (c < ' ' && c !== '\n' && c !== '\t') || c === '\u007f' || (c >= '\u0080' && c <= '\u009f') || /[\u202a-\u202e\u2066-\u2069]/.test(c));
      const hostileArgs = () => ['search', 'attention sinks', '--online', ...base().slice(0, -2), '--providers', 's2,openalex'];

      it('text mode: stdout and stderr carry no control byte but newline and tab, no U+009B, no bidi override', async () => {
        server = await startServer(hostileServer);
        process.env.RELATED_WORK_S2_URL = server.url;
        process.env.RELATED_WORK_OPENALEX_URL = server.url;
        const r = await run(hostileArgs());
        assert.match(r.out, /Attention sinks \[2J\]0;pwned\]8;;https:\/\/evil\.exampleclick\]8;; +31m gnp\.exe/, r.out);
        assert.match(r.err, /OpenAlex/);
        assert.deepEqual(badBytes(r.out), []);
        assert.deepEqual(badBytes(r.err), []);
      });
      it('--json keeps the data, every control escaped', async () => {
        server = await startServer(hostileServer);
        process.env.RELATED_WORK_S2_URL = server.url;
        process.env.RELATED_WORK_OPENALEX_URL = server.url;
        const r = await run([...hostileArgs(), '--json']);
        assert.deepEqual(badBytes(r.out), []);
        assert.match(r.out, /\\u001b\[2J/);
        assert.match(r.out, /\\u009b31m/);
        assert.match(r.out, /\\u202e/);
        const online = (JSON.parse(r.out) as { title: string; online?: boolean }[]).find((s) => s.online);
        assert.equal(online?.title, HOSTILE.replace(/\s+/g, ' ').trim());
      });
    });
    describe('no overall deadline (defect 9)', () => {
      it('--timeout bounds a provider that never answers; the local results still come, exit 1', async () => {
        process.env.RELATED_WORK_HTTP_RETRIES = '5';
        process.env.RELATED_WORK_HTTP_TIMEOUT_MS = '15000';
        server = await startServer(() => {}); // accepts, never answers
        process.env.RELATED_WORK_S2_URL = server.url;
        const r = await run(['search', 'attention sinks', '--online', ...base().slice(0, -2), '--providers', 's2', '--timeout', '0.5']);
        assert.equal(r.code, 1);
        assert.match(r.err, /^related-work: online: Semantic Scholar: no complete response from 127\.0\.0\.1:\d+\/graph\/v1\/paper\/search within 0\.5 s/);
        assert.match(r.out, /Attention Sinks and the Softmax Off-by-One Problem/);
        assert.equal(server.requests.length, 1, 'no retry after the budget is spent');
      });
      it('enrich: a Retry-After that does not fit in --timeout ends it at once, naming the wait', async () => {
        s2server = await startServer((_req, res) => {
          res.writeHead(503, { 'retry-after': '30' });
          res.end();
        });
        process.env.RELATED_WORK_S2_URL = s2server.url;
        const copy = path.join(dir, 'enrich.bib');
        fs.copyFileSync(path.join(FIXTURES, 'enrich.bib'), copy);
        const r = await run(['enrich', '--bib', copy, '--cache-dir', path.join(dir, 'cache'), '--timeout', '10']);
        assert.equal(r.code, 1);
        assert.match(r.err, /Semantic Scholar: HTTP 503 .*; the server asks to wait 30 s, more than the (9|10) s left$/);
        assert.equal(s2server.requests.length, 1);
      });
      it('says when a stale cached answer is shown because the provider failed', async () => {
        await serve();
        await run(['search', 'attention sinks', '--online', ...base()]);
        const cache = path.join(dir, 'cache', 'online');
        // Age every cached answer past its day, then break the servers.
        for (const f of fs.readdirSync(cache, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json') && !f.startsWith('abstracts'))) {
          const file = path.join(cache, f);
          const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { storedAt: number };
          data.storedAt -= 2 * 86_400_000;
          fs.writeFileSync(file, JSON.stringify(data));
        }
        await server!.close();
        await s2server!.close();
        server = s2server = undefined;
        process.env.RELATED_WORK_HTTP_RETRIES = '0';
        const r = await run(['search', 'attention sinks', '--online', ...base()]);
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, /online · arXiv/);
        const lines = r.err.split('\n');
        assert.equal(lines.length, 2, r.err);
        for (const l of lines) assert.match(l, /^related-work: online: warning: (arXiv|Semantic Scholar): connection refused.*; showing its answer from 2 days ago$/);
      });
    });
    it('rejects an unknown provider, and rank/suggest take no online flags', async () => {
      const bad = await run(['search', 'x', '--online', '--providers', 'google']);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /unknown provider "google"/);
      const rank = await run(['rank', '--queries', 'q.jsonl', '--online']);
      assert.equal(rank.code, 2);
      assert.match(rank.err, /--online/);
    });
  });

  describe('corpus --hf-daily', () => {
    const hfServer: Handler = (req, res) => {
      const q = new URL(req.url ?? '', 'http://x').searchParams;
      const date = q.get('date');
      if (date === '2024-11-03') return sendJson(res, { error: 'Internal Error' }, 500);
      if (q.get('p') !== '0') return sendJson(res, []);
      sendJson(res, fixture(`hf-daily-${date}.json`));
    };
    const out = () => path.join(dir, 'daily.jsonl');

    it('ids from servers are not validated (defect 7): ids that are not arXiv ids never reach the corpus file; one warning per day', async () => {
      server = await startServer((req, res) => {
        const q = new URL(req.url ?? '', 'http://x').searchParams;
        if (q.get('p') !== '0') return sendJson(res, []);
        const paper = (id: string) => ({ paper: { id, title: `Paper ${id}`, authors: [{ name: 'A' }] } });
        sendJson(res, [paper('2411.00001'), paper('../../etc/passwd'), paper('<script>x</script>'), paper('2411.0000\u001b]0;x\u0007')]);
      });
      process.env.RELATED_WORK_HF_URL = server.url;
      const r = await run(['corpus', '--hf-daily', '2024-11-01', '--out', out(), '--cache-dir', path.join(dir, 'cache')]);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.err, 'related-work: online: warning: Hugging Face: 2024-11-01: skipped 3 of the 4 items it answered: 3 with an id that is not an arXiv id');
      const text = fs.readFileSync(out(), 'utf8');
      assert.deepEqual(text.trimEnd().split('\n').map((l) => JSON.parse(l).id), ['arxiv:2411.00001']);
      assert.doesNotMatch(text, /passwd|script|\\u001b/);
    });
    it('writes one corpus line per paper over the days, duplicates once, with counts per day', async () => {
      server = await startServer(hfServer);
      process.env.RELATED_WORK_HF_URL = server.url;
      const r = await run(['corpus', '--hf-daily', '2024-11-01..2024-11-02', '--out', out(), '--cache-dir', path.join(dir, 'cache')]);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, `2024-11-01: 2 papers\n2024-11-02: 1 paper\n3 papers from Hugging Face Daily Papers written to ${out()}`);
      const lines = fs.readFileSync(out(), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => l.id), ['arxiv:2411.00001', 'arxiv:2411.00002', 'arxiv:2411.00003']);
      assert.deepEqual(lines[0], {
        id: 'arxiv:2411.00001',
        title: 'Daily Paper One: Tokenizer-Free Language Models at Scale',
        abstract: 'We train byte-level models without a tokenizer.',
        authors: ['Jane Doe', 'John Roe'],
        year: 2024,
        venue: 'Hugging Face Daily Papers',
        url: 'https://huggingface.co/papers/2411.00001',
        doi: null,
        bibkey: null,
        arxiv: '2411.00001',
      });
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
      // The written file is a corpus the other commands read.
      const search = await run(['search', 'tokenizer-free', '--corpus', out(), '--no-default-corpus', '--no-cache', '--json']);
      assert.equal(search.code, 0, search.err);
      assert.equal((JSON.parse(search.out) as { id: string }[])[0].id, 'arxiv:2411.00001');
    });
    it('a day answering 500 gives one line naming Hugging Face, exit 1, and no file', async () => {
      process.env.RELATED_WORK_HTTP_RETRIES = '0';
      server = await startServer(hfServer);
      process.env.RELATED_WORK_HF_URL = server.url;
      const r = await run(['corpus', '--hf-daily', '2024-11-01..2024-11-03', '--out', out(), '--no-cache']);
      assert.equal(r.code, 1);
      assert.equal(r.err.split('\n').length, 1, r.err);
      assert.match(r.err, /^related-work: online: Hugging Face: .*500/);
      assert.equal(r.out, '');
      assert.deepEqual(fs.readdirSync(dir), ['refs.bib'], 'nothing written');
    });
    it('--offline answers from the responses cached by an earlier run, and fails without them', async () => {
      server = await startServer(hfServer);
      process.env.RELATED_WORK_HF_URL = server.url;
      const cache = ['--cache-dir', path.join(dir, 'cache')];
      assert.equal((await run(['corpus', '--hf-daily', '2024-11-01', '--out', out(), ...cache])).code, 0);
      await server.close();
      server = undefined;
      fs.rmSync(out());
      const again = await run(['corpus', '--hf-daily', '2024-11-01', '--out', out(), '--offline', ...cache]);
      assert.equal(again.code, 0, again.err);
      assert.equal(fs.readFileSync(out(), 'utf8').trimEnd().split('\n').length, 2);
      const cold = await run(['corpus', '--hf-daily', '2024-11-02', '--out', path.join(dir, 'cold.jsonl'), '--offline', ...cache]);
      assert.equal(cold.code, 1);
      assert.match(cold.err, /^related-work: online: Hugging Face: offline, and no cached response$/);
      assert.ok(!fs.existsSync(path.join(dir, 'cold.jsonl')));
    });
    it('refuses a range of more than 366 days, and a missing --out, before any request', async () => {
      const long = await run(['corpus', '--hf-daily', '2024-01-01..2025-01-01', '--out', out()]);
      assert.equal(long.code, 2);
      assert.match(long.err, /spans 367 days; at most 366/);
      const noOut = await run(['corpus', '--hf-daily', '2024-11-01']);
      assert.equal(noOut.code, 2);
      assert.match(noOut.err, /corpus wants --hf-daily FROM\[\.\.TO\] --out FILE\.jsonl/);
      assert.ok(!fs.existsSync(out()));
    });
  });

  describe('enrich', () => {
    it('fetches missing abstracts in one batch into the cache and reports counts; the .bib is unchanged', async () => {
      await serve();
      const copy = path.join(dir, 'enrich.bib');
      fs.copyFileSync(path.join(FIXTURES, 'enrich.bib'), copy);
      const before = fs.readFileSync(copy, 'utf8');
      const r = await run(['enrich', '--bib', copy, '--cache-dir', path.join(dir, 'cache')]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^3 entries have a DOI or arXiv id but no abstract: 2 abstracts fetched, 0 without an abstract at Semantic Scholar, 1 unknown there; kept in .*abstracts\.json/);
      assert.equal(s2server!.count('/graph/v1/paper/batch'), 1);
      assert.equal(fs.readFileSync(copy, 'utf8'), before);
      assert.ok(fs.existsSync(path.join(dir, 'cache', 'online', 'abstracts.json')));
    });
    it('concurrent enrich runs lose no abstract (defect 4): five runs of 20 DOIs each into one cache keep all 100', async () => {
      // The server answers slowly, so the five runs fetch at once and write at about the same time.
      s2server = await startServer(async (req, res) => {
        const { ids } = JSON.parse(req.body) as { ids: string[] };
        await new Promise((r) => setTimeout(r, 30));
        sendJson(res, ids.map((id) => s2BatchPaper(id, { abstract: `Abstract of ${id}` })));
      });
      process.env.RELATED_WORK_S2_URL = s2server.url;
      const bibs = Array.from({ length: 5 }, (_, run) => {
        const file = path.join(dir, `run${run}.bib`);
        const entries = Array.from({ length: 20 }, (_, i) => `@article{r${run}e${i}, title={Paper ${run}.${i}}, year={2024}, doi={10.5555/run${run}.${i}}}`);
        fs.writeFileSync(file, entries.join('\n'));
        return file;
      });
      const runs = await Promise.all(bibs.map((bib) => run(['enrich', '--bib', bib, '--cache-dir', path.join(dir, 'cache')])));
      for (const r of runs) assert.match(r.out, /20 abstracts fetched/, r.err);
      const stored = JSON.parse(fs.readFileSync(path.join(dir, 'cache', 'online', 'abstracts.json'), 'utf8')) as { abstracts: Record<string, string> };
      assert.equal(Object.keys(stored.abstracts).length, 100);
      assert.equal(stored.abstracts['doi:10.5555/run3.7'], 'Abstract of DOI:10.5555/run3.7');
      assert.deepEqual(fs.readdirSync(path.join(dir, 'cache', 'online')).filter((f) => f.startsWith('abstracts.json')), ['abstracts.json']);
    });
  });
});

describe('ttyProgress (enrich and corpus on a terminal)', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream };
  };
  it('draws one line in place on a terminal and clears it before the result', () => {
    const { written, stream: s } = stream(true);
    const p = ttyProgress((done, total) => `day ${done + 1} of ${total}`, s);
    p.show(0, 3);
    p.show(1, 3);
    p.clear();
    assert.deepEqual(written, ['\r\x1b[Kday 1 of 3…', '\r\x1b[Kday 2 of 3…', '\r\x1b[K']);
  });
  it('writes nothing when stderr is not a terminal', () => {
    const { written, stream: s } = stream(false);
    const p = ttyProgress(() => 'x', s);
    p.show(0, 1);
    p.clear();
    assert.deepEqual(written, []);
  });
});
