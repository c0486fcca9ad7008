import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AbstractStore, enrichAbstracts } from '../../../src/core/online/enrich';
import { HttpClient } from '../../../src/core/online/http';
import { createProviders, formatProviderError, searchOnline } from '../../../src/core/online/online';
import { semanticScholarProvider } from '../../../src/core/online/providers/semanticScholar';
import { loadSourceFile } from '../../../src/core/sources/load';
import { FakeClock, fixture, FIXTURES, s2BatchPaper, sendJson, startServer, type TestServer } from './server';

describe('online search', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer((req, res) => {
      const p = (req.url ?? '').split('?')[0];
      if (p === '/api/query') {
        res.writeHead(200, { 'content-type': 'application/atom+xml' });
        return void res.end(fixture('arxiv-search.xml'));
      }
      if (p === '/graph/v1/paper/search') return sendJson(res, fixture('s2-search.json'));
      if (p === '/api/papers/search') return sendJson(res, 'not json at all');
      if (p === '/works') return sendJson(res, 'boom', 500);
      sendJson(res, {}, 404);
    });
  });
  afterEach(() => server.close());

  const providers = () => {
    const http = new HttpClient({ userAgent: 'related-work/test', clock: new FakeClock(), retries: 0 });
    const baseUrls = { arxiv: server.url, s2: server.url, hf: server.url, crossref: server.url };
    return createProviders(['arxiv', 's2', 'hf', 'crossref'], http, { baseUrls });
  };

  describe('searchOnline', () => {
    it('runs providers in parallel, merges duplicates across them, and names each failure', async () => {
      const { records, errors } = await searchOnline('attention sinks', providers(), { limit: 5 });
      assert.deepEqual(errors.map(formatProviderError).map((e) => e.replace(/:\d+/, ':PORT')), [
        'Hugging Face: malformed JSON from 127.0.0.1:PORT/api/papers/search (Unexpected token \'o\', "not json at all" is not valid JSON)',
        'Crossref: HTTP 500 from 127.0.0.1:PORT/works',
      ]);
      // arXiv and S2 both know 2309.17453: one record, the first provider's, with S2's venue filled in.
      const sinks = records.filter((r) => r.arxiv === '2309.17453');
      assert.equal(sinks.length, 1);
      assert.equal(sinks[0].origin.file, 'arXiv');
      assert.equal(sinks[0].venue, 'International Conference on Learning Representations');
      assert.equal(records.length, 3);
    });
    it('a cancelled search reports every provider as cancelled', async () => {
      const controller = new AbortController();
      controller.abort();
      const { records, errors } = await searchOnline('attention', providers(), { signal: controller.signal });
      assert.equal(records.length, 0);
      assert.ok(errors.every((e) => e.message === 'cancelled'), JSON.stringify(errors));
    });
  });

  describe('enrichAbstracts', () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-enrich-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('asks Semantic Scholar in one batch for entries with an id and no abstract; counts unknown ids', async () => {
      const batch = await startServer((req, res) => {
        const { ids } = JSON.parse(req.body) as { ids: string[] };
        sendJson(res, ids.map((id) => (id.includes('ghost') ? null : s2BatchPaper(id, { abstract: id.startsWith('ARXIV') ? 'Sinks abstract.' : null }))));
      });
      try {
        const bibFile = path.join(FIXTURES, 'enrich.bib');
        const before = fs.readFileSync(bibFile, 'utf8');
        const { records } = await loadSourceFile(bibFile);
        const s2 = semanticScholarProvider({ http: new HttpClient({ userAgent: 'x', retries: 0 }), baseUrl: batch.url });
        const store = new AbstractStore(path.join(dir, 'abstracts.json'));
        const result = await enrichAbstracts(records, s2, { store });
        assert.deepEqual(JSON.parse(batch.requests[0].body).ids, ['DOI:10.18653/v1/p16-1162', 'ARXIV:2309.17453', 'DOI:10.9999/ghost']);
        assert.deepEqual([result.candidates, result.fetched, result.withoutAbstract, result.unknown], [3, 1, 1, 1]);
        assert.deepEqual([...(await store.read())], [['arxiv:2309.17453', 'Sinks abstract.']]);
        assert.equal(fs.readFileSync(bibFile, 'utf8'), before, 'the .bib is not touched');
      } finally {
        await batch.close();
      }
    });

    it('enrich trusts the order of a batch answer (defect 5): a reversed answer puts every abstract on its own DOI; a stranger is dropped and told', async () => {
      const dois = Array.from({ length: 20 }, (_, i) => `10.5555/paper.${i}`);
      const batch = await startServer((req, res) => {
        const { ids } = JSON.parse(req.body) as { ids: string[] };
        const answers = ids.map((id) => s2BatchPaper(id, { abstract: `Abstract for ${id.slice(4)}` })).reverse();
        // The last place answers a paper nobody asked for.
        answers[answers.length - 1] = s2BatchPaper('DOI:10.5555/stranger', { abstract: 'Not asked for.' });
        sendJson(res, answers);
      });
      try {
        const records = dois.map((doi, i) => ({ id: `k${i}`, key: `k${i}`, title: `Paper ${i}`, authors: [], doi, origin: { kind: 'bibtex' as const, file: 'x.bib' }, inBibliography: true }));
        const s2 = semanticScholarProvider({ http: new HttpClient({ userAgent: 'x', retries: 0 }), baseUrl: batch.url });
        const told: string[] = [];
        const result = await enrichAbstracts(records, s2, { notice: (m) => told.push(m) });
        assert.equal(result.fetched, 19);
        assert.equal(result.unknown, 1, 'the paper whose answer was replaced by a stranger');
        for (const [key, abstract] of result.abstracts) assert.equal(abstract, `Abstract for ${key.slice(4)}`);
        assert.equal(result.abstracts.has('doi:10.5555/paper.0'), false);
        assert.deepEqual(told, ['1 paper of its answer carries none of the DOIs or arXiv ids asked for; dropped']);
      } finally {
        await batch.close();
      }
    });
  });
});
