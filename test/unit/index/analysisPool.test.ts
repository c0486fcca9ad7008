import { strict as assert } from 'node:assert';
import path from 'node:path';
import { analysedDocuments } from '../../../src/core/index/analysisPool';
import { analyzeRecord } from '../../../src/core/index/fields';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import { paper } from '../helpers';
import { syntheticCorpus } from './corpusFixture';

// Unicode, hyphens, inner capitals and surrogate pairs, so both threads meet every analysis path.
const corpus = [
  ...syntheticCorpus(4000),
  paper('u1', 'Vision-Language PersonaChat: Übersetzung 𝒳 naïve GPT-2', { abstract: 'Sub-word “quotes” — ACUTE-EVAL.' }),
  paper('u2', 'Ærø and Øvrelid on État', { authors: ['Lilja Øvrelid'], venue: 'Proceedings of LREC' }),
];
const sequential = corpus.map((r, i) => analyzeRecord(r, i));

describe('analysedDocuments', () => {
  it('gives on two threads exactly the documents one thread gives, in order', () => {
    let analysed = { here: 0, worker: 0 };
    assert.deepEqual([...analysedDocuments(corpus, { threads: 2, minRecords: 0, onDone: (a) => (analysed = a) })], sequential);
    assert.ok(analysed.worker > 0 && analysed.here > 0, JSON.stringify(analysed));
    assert.equal(analysed.worker + analysed.here, corpus.length);
  });
  it('analyses small collections, or with one thread, here', () => {
    assert.deepEqual([...analysedDocuments(corpus, { threads: 1, minRecords: 0 })], sequential);
    assert.deepEqual([...analysedDocuments(corpus.slice(0, 10), { threads: 2 })], sequential.slice(0, 10));
  });
  it('falls back to this thread when the worker never answers', () => {
    const silent = path.join(__dirname, '../../fixtures/workers/silent.js');
    const t0 = Date.now();
    let analysed = { here: 0, worker: -1 };
    const options = { threads: 2, minRecords: 0, workerScript: silent, firstReplyTimeoutMs: 200, onDone: (a: typeof analysed) => (analysed = a) };
    assert.deepEqual([...analysedDocuments(corpus, options)], sequential);
    assert.deepEqual(analysed, { here: corpus.length, worker: 0 });
    assert.ok(Date.now() - t0 < 5000, 'gave up after the first timeout, not once per batch');
  });
});

describe('PaperIndex.build on two threads', () => {
  it('is the same index as on one thread', () => {
    const one = PaperIndex.build(corpus, { threads: 1 }).toJSON();
    const two = PaperIndex.build(corpus, { threads: 2, minRecords: 0 }).toJSON();
    assert.deepEqual(two, one);
  });
});
