import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HttpClient } from '../../../src/core/online/http';
import { ResponseCache } from '../../../src/core/online/responseCache';
import { arxivProvider, arxivSearchQuery, ARXIV_INTERVAL_MS } from '../../../src/core/online/providers/arxiv';
import { crossrefProvider, jatsToText } from '../../../src/core/online/providers/crossref';
import { huggingFaceProvider } from '../../../src/core/online/providers/huggingface';
import { abstractFromInvertedIndex, openAlexProvider } from '../../../src/core/online/providers/openalex';
import { semanticScholarProvider } from '../../../src/core/online/providers/semanticScholar';
import { FakeClock, fixture, s2BatchPaper, s2Id, sendJson, startServer, type TestServer } from './server';

describe('online providers', () => {
  let server: TestServer;
  let clock: FakeClock;
  let http: HttpClient;
  let routes: Record<string, (req: { url?: string; body: string; headers: Record<string, unknown> }) => [number, string, string?]>;

  beforeEach(async () => {
    routes = {};
    server = await startServer((req, res) => {
      const route = routes[(req.url ?? '').split('?')[0]];
      if (!route) return sendJson(res, { error: 'not found' }, 404);
      const [status, body, type = 'application/json'] = route(req);
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
    clock = new FakeClock();
    http = new HttpClient({ userAgent: 'related-work/test', clock, retries: 0 });
  });
  afterEach(() => server.close());

  const query = (i = 0) => new URL(server.requests[i].url, server.url).searchParams;

  describe('huggingFaceProvider', () => {
    it('search maps papers into online records', async () => {
      routes['/api/papers/search'] = () => [200, fixture('hf-search.json')];
      const hf = huggingFaceProvider({ http, baseUrl: server.url });
      const records = await hf.search('attention sinks', { limit: 5 });
      assert.equal(query().get('q'), 'attention sinks');
      assert.equal(records.length, 2);
      assert.deepEqual(records[0], {
        id: 'arxiv:2309.17453',
        title: 'Efficient Streaming Language Models with Attention Sinks',
        authors: ['Guangxuan Xiao'],
        year: 2023,
        abstract: 'Deploying LLMs in streaming applications.',
        arxiv: '2309.17453',
        url: 'https://huggingface.co/papers/2309.17453',
        origin: { kind: 'online', file: 'Hugging Face' },
        inBibliography: false,
      });
    });
    it('daily sends date, page and limit', async () => {
      routes['/api/daily_papers'] = () => [200, fixture('hf-daily.json')];
      const hf = huggingFaceProvider({ http, baseUrl: server.url });
      const { records, items } = await hf.daily('2024-11-02', { limit: 2, page: 1 });
      assert.equal(items, 2);
      assert.deepEqual([query().get('date'), query().get('p'), query().get('limit')], ['2024-11-02', '1', '2']);
      assert.deepEqual(records.map((r) => [r.arxiv, r.authors.length]), [['2411.00001', 2], ['2411.00002', 1]]);
      await assert.rejects(hf.daily('yesterday'), /YYYY-MM-DD/);
    });
    it('malformed JSON is an error', async () => {
      routes['/api/papers/search'] = () => [200, '[{"paper": '];
      await assert.rejects(huggingFaceProvider({ http, baseUrl: server.url }).search('x'), /malformed JSON/);
    });
  });

  describe('arxivProvider', () => {
    it('search parses the Atom feed', async () => {
      routes['/api/query'] = () => [200, fixture('arxiv-search.xml'), 'application/atom+xml'];
      const arxiv = arxivProvider({ http, baseUrl: server.url });
      const records = await arxiv.search('Streaming attention sinks', { limit: 2 });
      assert.equal(query().get('search_query'), 'all:streaming AND all:attention AND all:sinks');
      assert.equal(query().get('max_results'), '2');
      assert.equal(records[0].title, 'Efficient Streaming Language Models with Attention Sinks');
      assert.equal(records[0].arxiv, '2309.17453');
      assert.equal(records[0].year, 2023);
      assert.deepEqual(records[0].authors, ['Guangxuan Xiao', 'Yuandong Tian']);
      assert.equal(records[0].origin.file, 'arXiv');
      assert.equal(records[1].title, 'Sink Tokens & Rotary Positions in Long-Context Attention');
      assert.equal(records[1].doi, '10.1234/example.5678');
      assert.equal(records[1].venue, 'J. Long Context 1 (2024)');
    });
    it('byIds sends id_list and waits 3 s between requests to arXiv', async () => {
      routes['/api/query'] = () => [200, fixture('arxiv-search.xml'), 'application/atom+xml'];
      const arxiv = arxivProvider({ http, baseUrl: server.url });
      await arxiv.byIds(['2309.17453', '2401.00001']);
      await arxiv.search('attention');
      assert.equal(query(0).get('id_list'), '2309.17453,2401.00001');
      assert.equal(server.requests.length, 2);
      assert.deepEqual(clock.sleeps, [ARXIV_INTERVAL_MS]);
    });
    it('malformed XML is an error, not an empty result', async () => {
      routes['/api/query'] = () => [200, '<feed><entry><title>Half</entry></feed>', 'application/atom+xml'];
      await assert.rejects(arxivProvider({ http, baseUrl: server.url }).search('attention'), /malformed XML at line 1/);
    });
    it("a bad 200 is cached for 24 h (defect 1): a captive portal's page is an error and is not cached; the next search asks arXiv again", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-portal-'));
      const cached = new HttpClient({ userAgent: 'related-work/test', clock, retries: 0, cache: new ResponseCache(dir, clock) });
      let healthy = false;
      routes['/api/query'] = () => (healthy ? [200, fixture('arxiv-search.xml'), 'application/atom+xml'] : [200, '<html><body>Log in to continue</body></html>', 'text/html']);
      const arxiv = arxivProvider({ http: cached, baseUrl: server.url });
      await assert.rejects(arxiv.search('attention sinks'), /not an Atom feed|malformed XML/);
      healthy = true;
      assert.ok((await arxiv.search('attention sinks')).length > 0);
      assert.ok((await arxiv.search('attention sinks')).length > 0);
      assert.equal(server.requests.length, 2, 'the portal page was not served again from the cache; the feed was');
      fs.rmSync(dir, { recursive: true, force: true });
    });
    it('an arXiv error entry is an error', async () => {
      const xml = '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_x</id><title>Error</title><summary>incorrect id format for x</summary></entry></feed>';
      routes['/api/query'] = () => [200, xml, 'application/atom+xml'];
      await assert.rejects(arxivProvider({ http, baseUrl: server.url }).byIds(['x']), /arXiv says: incorrect id format/);
    });
    it('arxivSearchQuery drops short words and repeats', () => {
      assert.equal(arxivSearchQuery('the KV cache of a KV-cache'), 'all:the AND all:cache');
    });
  });

  describe('semanticScholarProvider', () => {
    it('search asks for the fields and sends the API key header only', async () => {
      routes['/graph/v1/paper/search'] = () => [200, fixture('s2-search.json')];
      const s2 = semanticScholarProvider({ http, baseUrl: server.url, apiKey: 'S2KEY' });
      const records = await s2.search('attention sinks', { limit: 2 });
      assert.equal(query().get('fields'), 'title,abstract,authors,year,venue,externalIds,url');
      assert.equal(server.requests[0].headers['x-api-key'], 'S2KEY');
      assert.ok(!server.requests[0].url.includes('S2KEY'));
      assert.deepEqual(records.map((r) => [r.id, r.arxiv, r.doi, r.abstract]), [
        [`s2:${s2Id('fdc53c2c')}`, '2309.17453', undefined, 'Deploying LLMs in streaming applications.'],
        [`s2:${s2Id('abc123')}`, undefined, '10.5555/reg.2024', undefined],
      ]);
    });
    it('batch POSTs the ids and keeps null for unknown ones, in order', async () => {
      routes['/graph/v1/paper/batch'] = (req) => {
        const { ids } = JSON.parse(req.body) as { ids: string[] };
        return [200, JSON.stringify(ids.map((id) => (id === 'DOI:10.9999/ghost' ? null : s2BatchPaper(id, { abstract: 'A.' }))))];
      };
      const s2 = semanticScholarProvider({ http, baseUrl: server.url });
      const out = await s2.batch(['ARXIV:2309.17453', 'DOI:10.9999/ghost', 'DOI:10.1/x']);
      assert.equal(server.requests[0].method, 'POST');
      assert.deepEqual(out.map((r) => r && r.title), ['Paper ARXIV:2309.17453', null, 'Paper DOI:10.1/x']);
    });
    it('batch splits more than 500 ids', async () => {
      routes['/graph/v1/paper/batch'] = (req) => [200, JSON.stringify((JSON.parse(req.body).ids as string[]).map(() => null))];
      const out = await semanticScholarProvider({ http, baseUrl: server.url }).batch(Array.from({ length: 501 }, (_, i) => `X:${i}`));
      assert.equal(out.length, 501);
      assert.deepEqual(server.requests.map((r) => JSON.parse(r.body).ids.length), [500, 1]);
    });
    it('recommendations for a paper', async () => {
      routes['/recommendations/v1/papers/forpaper/fdc53c2c'] = () => [200, fixture('s2-recommendations.json')];
      const recs = await semanticScholarProvider({ http, baseUrl: server.url }).recommendations('fdc53c2c', { limit: 3 });
      assert.deepEqual(recs.map((r) => [r.id, r.arxiv]), [[`s2:${s2Id('rec1')}`, '2501.00002']]);
      assert.equal(query().get('limit'), '3');
    });
  });

  describe('openAlexProvider', () => {
    it('sends the key, rebuilds the abstract from the inverted index', async () => {
      routes['/works'] = () => [200, fixture('openalex-works.json')];
      const oa = openAlexProvider({ http, baseUrl: server.url, apiKey: 'OAKEY', mailto: 'me@example.org' });
      const [r] = await oa.search('attention sinks');
      assert.deepEqual([query().get('search'), query().get('api_key')], ['attention sinks', 'OAKEY']);
      assert.equal(r.abstract, 'Deploying LLMs in streaming applications.');
      assert.equal(r.doi, '10.48550/arxiv.2309.17453');
      assert.equal(r.id, 'openalex:W4387000001');
      assert.equal(r.venue, 'arXiv (Cornell University)');
    });
    it('without a key it fails without a request', async () => {
      await assert.rejects(openAlexProvider({ http, baseUrl: server.url }).search('x'), /needs an API key \(set OPENALEX_API_KEY\)/);
      assert.equal(server.requests.length, 0);
    });
    it('abstractFromInvertedIndex orders words by position', () => {
      assert.equal(abstractFromInvertedIndex({ nets: [1, 3], Deep: [0], are: [2] }), 'Deep nets are nets');
      assert.equal(abstractFromInvertedIndex(null), undefined);
    });
  });

  describe('crossrefProvider', () => {
    it('queries bibliographically with mailto and strips the JATS abstract', async () => {
      routes['/works'] = () => [200, fixture('crossref-works.json')];
      const cr = crossrefProvider({ http, baseUrl: server.url, mailto: 'me@example.org' });
      const [r] = await cr.search('rare words subword units');
      assert.deepEqual([query().get('query.bibliographic'), query().get('mailto')], ['rare words subword units', 'me@example.org']);
      assert.equal(r.id, 'doi:10.18653/v1/p16-1162');
      assert.deepEqual(r.authors, ['Rico Sennrich', 'Barry Haddow']);
      assert.equal(r.year, 2016);
      assert.equal(r.type, 'inproceedings');
      assert.equal(r.abstract, 'Neural machine translation (NMT) models typically operate with a fixed vocabulary & open-vocabulary translation.');
    });
    it('jatsToText decodes entities and drops the heading', () => {
      assert.equal(jatsToText('<jats:title>Abstract</jats:title><jats:p>A&#x2013;B &lt;x&gt;</jats:p><jats:p>C</jats:p>'), 'A–B <x> C');
    });
  });

  describe('one bad item drops the whole provider (defect 6)', () => {
    const notices = () => {
      const told: string[] = [];
      return { told, notice: (m: string) => told.push(m) };
    };
    it('Semantic Scholar: items with authors that are not a list, no title or no object are skipped and counted; the rest kept', async () => {
      const good = { paperId: s2Id('good'), title: 'Good Paper', authors: [{ name: 'Ann Alpha' }], externalIds: { DOI: '10.1/good' } };
      routes['/graph/v1/paper/search'] = () => [200, JSON.stringify({ data: [good, { ...good, paperId: s2Id('bad1'), authors: 'Mallory' }, { paperId: s2Id('bad2') }, 'junk', { ...good, paperId: s2Id('good2'), title: 'Second Good' }] })];
      const { told, notice } = notices();
      const records = await semanticScholarProvider({ http, baseUrl: server.url }).search('q', { notice });
      assert.deepEqual(records.map((r) => r.title), ['Good Paper', 'Second Good']);
      assert.deepEqual(told, ['skipped 3 of the 5 items it answered: 1 whose authors is not a list; 1 with no title; 1 not a JSON object']);
    });
    it('Crossref: a title that is a string is the whole title, not its first character', async () => {
      routes['/works'] = () => [200, JSON.stringify({ message: { items: [{ DOI: '10.1234/str', title: 'A Title Given As Text', author: [{ given: 'Ann', family: 'Alpha' }] }, { DOI: '10.1234/list', title: ['Listed Title'] }, { DOI: '10.1234/bad', title: ['T'], author: { family: 'x' } }] } })];
      const { told, notice } = notices();
      const records = await crossrefProvider({ http, baseUrl: server.url }).search('q', { notice });
      assert.deepEqual(records.map((r) => [r.title, r.authors]), [['A Title Given As Text', ['Ann Alpha']], ['Listed Title', []]]);
      assert.deepEqual(told, ['skipped 1 of the 3 items it answered: 1 whose authors is not a list']);
    });
    it('OpenAlex and arXiv keep the readable items too', async () => {
      routes['/works'] = () => [200, JSON.stringify({ results: [{ id: 'https://openalex.org/W1', title: 'Kept', authorships: [] }, { id: 'https://openalex.org/W2', title: 'Bad', authorships: 7 }] })];
      const { told, notice } = notices();
      const records = await openAlexProvider({ http, baseUrl: server.url, apiKey: 'k' }).search('q', { notice });
      assert.deepEqual(records.map((r) => r.id), ['openalex:W1']);
      assert.equal(told.length, 1);
      routes['/api/query'] = () => [200, fixture('arxiv-search.xml').replace('<id>http://arxiv.org/abs/2309.17453v4</id>', '<id>http://example.org/not-arxiv</id>'), 'application/atom+xml'];
      const arxiv = await arxivProvider({ http, baseUrl: server.url }).search('attention sinks', { notice });
      assert.ok(arxiv.length >= 1 && !arxiv.some((r) => r.arxiv === '2309.17453'));
      assert.match(told[1]!, /^skipped 1 of the \d+ items it answered: 1 with an id that is not an arXiv id$/);
    });
  });

  describe('ids from servers are not validated (defect 7)', () => {
    it('Hugging Face: ids that are not arXiv ids (paths, markup, escape sequences) are dropped with a notice', async () => {
      const paper = (id: string) => ({ paper: { id, title: `Paper ${id}`, authors: [] } });
      routes['/api/daily_papers'] = () => [200, JSON.stringify([paper('2411.00001'), paper('../../etc/passwd'), paper('<script>alert(1)</script>'), paper('2411.00002\u001b[2J'), paper('2411.00003v2')])];
      const told: string[] = [];
      const { records, items } = await huggingFaceProvider({ http, baseUrl: server.url }).daily('2024-11-02', { notice: (m) => told.push(m) });
      assert.equal(items, 5);
      assert.deepEqual(records.map((r) => [r.id, r.url]), [
        ['arxiv:2411.00001', 'https://huggingface.co/papers/2411.00001'],
        ['arxiv:2411.00003', 'https://huggingface.co/papers/2411.00003'],
      ]);
      assert.deepEqual(told, ['skipped 3 of the 5 items it answered: 3 with an id that is not an arXiv id']);
    });
    it('Semantic Scholar and OpenAlex ids of another shape are dropped; a DOI with a control character is not a DOI', async () => {
      routes['/graph/v1/paper/search'] = () => [200, JSON.stringify({ data: [{ paperId: '../x', title: 'A' }, { paperId: s2Id('ok'), title: 'B', externalIds: { DOI: '10.1234/a\u001bb' } }] })];
      const told: string[] = [];
      const s2 = await semanticScholarProvider({ http, baseUrl: server.url }).search('q', { notice: (m) => told.push(m) });
      assert.deepEqual(s2.map((r) => [r.title, r.doi]), [['B', undefined]]);
      routes['/works'] = () => [200, JSON.stringify({ results: [{ id: 'https://evil.example/W1', title: 'C' }, { id: 'W42', title: 'D' }] })];
      const oa = await openAlexProvider({ http, baseUrl: server.url, apiKey: 'k' }).search('q', { notice: (m) => told.push(m) });
      assert.deepEqual(oa.map((r) => r.id), ['openalex:W42']);
      assert.deepEqual(told, [
        'skipped 1 of the 2 items it answered: 1 with an id that is not a Semantic Scholar paper id',
        'skipped 1 of the 2 items it answered: 1 with an id that is not an OpenAlex work id',
      ]);
    });
  });
});
