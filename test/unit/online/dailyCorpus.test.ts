import { strict as assert } from 'node:assert';
import { dailyCorpusLine, dailyRange, fetchDailyPapers } from '../../../src/core/online/dailyCorpus';
import { HttpClient } from '../../../src/core/online/http';
import { huggingFaceProvider } from '../../../src/core/online/providers/huggingface';
import { fixture, sendJson, startServer, type TestServer } from './server';

describe('dailyRange', () => {
  it('lists the days of FROM..TO, across a month end, and FROM alone as one day', () => {
    assert.deepEqual(dailyRange('2024-02-28..2024-03-01'), ['2024-02-28', '2024-02-29', '2024-03-01']);
    assert.deepEqual(dailyRange('2024-11-02'), ['2024-11-02']);
  });
  it('refuses bad dates, reversed ranges and more than 366 days', () => {
    assert.throws(() => dailyRange('2023-02-29'), /not a YYYY-MM-DD date/);
    assert.throws(() => dailyRange('yesterday'), /not a YYYY-MM-DD date/);
    assert.throws(() => dailyRange('2024-11-02..2024-11-01'), /TO is before FROM/);
    assert.equal(dailyRange('2024-01-01..2024-12-31').length, 366);
    assert.throws(() => dailyRange('2024-01-01..2025-01-01'), /spans 367 days; at most 366/);
  });
});

describe('fetchDailyPapers', () => {
  let server: TestServer;
  afterEach(() => server?.close());

  it('pages each day until a short page and counts a paper only on the first day it appears', async () => {
    server = await startServer((req, res) => {
      const q = new URL(req.url ?? '', 'http://x').searchParams;
      const items = JSON.parse(fixture(`hf-daily-${q.get('date')}.json`)) as unknown[];
      const page = Number(q.get('p'));
      sendJson(res, page === 0 ? items.slice(0, 1) : page === 1 ? items.slice(1, 2) : []);
    });
    const hf = huggingFaceProvider({ http: new HttpClient({ userAgent: 'related-work/test', retries: 0 }), baseUrl: server.url });
    const result = await fetchDailyPapers(hf, ['2024-11-01', '2024-11-02'], { pageSize: 1 });
    assert.deepEqual(result.perDay, [
      { date: '2024-11-01', papers: 2 },
      { date: '2024-11-02', papers: 1 },
    ]);
    assert.deepEqual(result.records.map((r) => r.id), ['arxiv:2411.00001', 'arxiv:2411.00002', 'arxiv:2411.00003']);
    assert.equal(server.count('/api/daily_papers'), 6, 'three pages a day: two full, one empty');
  });
  it('a full page with an unreadable item is still full: the next page is asked for', async () => {
    const paper = (id: string) => ({ paper: { id, title: `Paper ${id}`, authors: [] } });
    server = await startServer((req, res) => {
      const page = Number(new URL(req.url ?? '', 'http://x').searchParams.get('p'));
      sendJson(res, page === 0 ? [paper('2411.00001'), paper('not-an-id')] : page === 1 ? [paper('2411.00002')] : []);
    });
    const hf = huggingFaceProvider({ http: new HttpClient({ userAgent: 'related-work/test', retries: 0 }), baseUrl: server.url });
    const told: string[] = [];
    const result = await fetchDailyPapers(hf, ['2024-11-01'], { pageSize: 2, notice: (m) => told.push(m) });
    assert.deepEqual(result.records.map((r) => r.id), ['arxiv:2411.00001', 'arxiv:2411.00002']);
    assert.deepEqual(told, ['2024-11-01: skipped 1 of the 2 items it answered: 1 with an id that is not an arXiv id']);
  });
});

describe('dailyCorpusLine', () => {
  it('maps a record to the corpus format, unknown fields null', () => {
    const line = JSON.parse(
      dailyCorpusLine({ id: 'arxiv:2411.00001', title: 'T', authors: ['A B'], year: 2024, abstract: 'S', arxiv: '2411.00001', url: 'https://huggingface.co/papers/2411.00001', origin: { kind: 'online', file: 'Hugging Face' }, inBibliography: false }),
    );
    assert.deepEqual(line, {
      id: 'arxiv:2411.00001',
      title: 'T',
      abstract: 'S',
      authors: ['A B'],
      year: 2024,
      venue: 'Hugging Face Daily Papers',
      url: 'https://huggingface.co/papers/2411.00001',
      doi: null,
      bibkey: null,
      arxiv: '2411.00001',
    });
  });
});
