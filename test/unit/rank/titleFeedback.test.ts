import { strict as assert } from 'node:assert';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import type { PaperRecord } from '../../../src/core/model';
import type { Candidate } from '../../../src/core/rank/candidates';
import { gatherCandidates } from '../../../src/core/rank/candidates';
import { rankingParameters } from '../../../src/core/rank/parameters';
import { buildQuery } from '../../../src/core/rank/query';
import { rankText } from '../../../src/core/rank/rank';
import { titleFeedback } from '../../../src/core/rank/titleFeedback';
import { candidateFeatures, paper } from '../helpers';

const candidate = (record: PaperRecord, bestField: number): Candidate => ({
  hit: { record, score: bestField, match: {} },
  features: candidateFeatures({ bestField }),
  inBibliography: record.inBibliography,
});

// Two titles about sentence VAEs, one off topic; what they share is the topic's own vocabulary.
const records = [
  paper('a', 'Generating Sentences with Variational Autoencoders'),
  paper('b', 'Variational Autoencoders for Text Generation'),
  paper('c', 'Parsing with Cube Pruning'),
  paper('d', 'Posterior Collapse in Variational Autoencoders', { abstract: 'The KL term vanishes during training.' }),
];
const corpus = () => PaperIndex.build(records);
// Says "sentences" and "generated" (titles a and b) but none of d's words.
const passage = 'Sentences generated with latent sampling';
// Feedback is for passages that fill the query's cut; these small ones fill a cut this small.
const params = (o: Parameters<typeof rankingParameters>[0] = {}) => rankingParameters({ maxTerms: 1, ...o });

describe('titleFeedback', () => {
  it('gives the words at least two of the best titles share and the query lacks, at the feedback weight', () => {
    const index = corpus();
    const query = buildQuery('sentence generation posterior', index);
    const terms = titleFeedback(index, query, [candidate(records[0], 3), candidate(records[1], 2), candidate(records[2], 1)], params({ feedbackWeight: 0.5 }));
    // "variat" and "autoencod" are in both VAE titles; "sentenc" and "generat" are the query's own; "pars" is in one title.
    assert.deepEqual(new Set(terms.map((t) => t.term)), new Set(['variat', 'autoencod']));
    assert.ok(terms.every((t) => t.weight === 0.5));
  });
  it('reads only the best few, by the fusion', () => {
    const index = corpus();
    const query = buildQuery('posterior', index);
    const ranked = [candidate(records[2], 5), candidate(records[0], 1), candidate(records[1], 1)];
    assert.deepEqual(titleFeedback(index, query, ranked, params({ feedbackDocs: 2 })), []);
    assert.equal(titleFeedback(index, query, ranked, params({ feedbackDocs: 3 })).length > 0, true);
  });
  it('gives nothing when off, or when the best titles are the bibliography\'s', () => {
    const index = corpus();
    const query = buildQuery('posterior', index);
    const vaes = [candidate(records[0], 3), candidate(records[1], 2)];
    assert.deepEqual(titleFeedback(index, query, vaes, params({ feedbackWeight: 0 })), []);
    const own = [candidate({ ...records[0], inBibliography: true }, 3), candidate({ ...records[1], inBibliography: true }, 2)];
    assert.deepEqual(titleFeedback(index, query, own, params()), []);
  });
});

describe('buildQuery feedback', () => {
  const stats = (df: Record<string, number>) => ({ size: 1000, documentFrequency: (t: string) => df[t] ?? 0 });
  it('adds the feedback after the cut, never in place of a passage term, and only terms the collection has', () => {
    const q = buildQuery('attention sinks streaming', stats({ attent: 50, sink: 3, stream: 20, cach: 40 }), {
      maxTerms: 2,
      feedback: [
        { term: 'cach', weight: 0.5 },
        { term: 'sink', weight: 0.5 },
        { term: 'absent', weight: 0.5 },
      ],
    });
    assert.deepEqual(q.terms, [
      { term: 'sink', weight: 1 },
      { term: 'stream', weight: 1 },
      { term: 'cach', weight: 0.5 },
    ]);
    assert.deepEqual([...q.feedback], ['cach']);
  });
});

describe('gathering with title feedback', () => {
  it('reaches a corpus paper that shares no word with the passage but the topic of the best titles', () => {
    const index = corpus();
    const ranked = (feedbackWeight: number) => rankText(index, passage, { parameters: params({ maxTerms: 2, feedbackWeight }) });
    assert.deepEqual(ranked(0).map((s) => s.record.id), ['a', 'b']);
    const d = ranked(0.5).find((s) => s.record.id === 'd');
    assert.ok(d, ranked(0.5).map((s) => s.record.id).join());
    assert.deepEqual(d.matchedTerms, [], 'feedback words are no words of the draft');
  });
  it('leaves a query shorter than its cut (a search box\'s few words) as the user wrote it', () => {
    const ids = rankText(corpus(), passage, { parameters: params({ maxTerms: 3, feedbackWeight: 0.5 }) }).map((s) => s.record.id);
    assert.deepEqual(ids, ['a', 'b']);
  });
  it('leaves the bibliography\'s entries as the passage alone ranks them', () => {
    const mixed = PaperIndex.build([...records, paper('own', 'Variational Autoencoders Revisited', { key: 'own2020', inBibliography: true })]);
    const ids = gatherCandidates(mixed, passage, params({ maxTerms: 2, feedbackWeight: 0.5 })).candidates.map((c) => c.hit.record.id);
    assert.ok(ids.includes('d'), ids.join());
    assert.ok(!ids.includes('own'), ids.join());
  });
});
