import { strict as assert } from 'node:assert';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import { scanDraft } from '../../../src/core/draft/scan';
import { analyze } from '../../../src/core/text/analyze';
import { CitingContexts, draftCitingContexts } from '../../../src/core/rank/citingContexts';
import { paragraphRequest, rankParagraph, rankText } from '../../../src/core/rank/rank';
import { rankingParameters } from '../../../src/core/rank/parameters';
import { paper } from '../helpers';

const bib = (key: string, title: string) => paper(key, title, { key, inBibliography: true, origin: { kind: 'bibtex', file: 'refs.bib' } });

describe('CitingContexts', () => {
  const contexts = new CitingContexts(
    new Map([
      ['zipf1949', ['word frequencies follow the Zipfian rank-frequency law', 'the rank-frequency curve of our corpus']],
      ['papineni2002', ['we report BLEU against the references']],
      ['lin2004', ['ROUGE recall against the references']],
    ]),
  );
  it('scores the keys whose contexts share the passage\'s words, in the author\'s own vocabulary', () => {
    const scores = contexts.score(analyze('the rank-frequency distribution of tokens'));
    assert.deepEqual([...scores.keys()], ['zipf1949']);
  });
  it('weighs a word many keys\' contexts share below a rare one', () => {
    const scores = contexts.score(analyze('references rank-frequency'));
    assert.ok(scores.get('zipf1949')! > scores.get('lin2004')!, JSON.stringify([...scores]));
  });
  it('counts as evidence only what a key\'s contexts match beyond the mean of the other keys matched', () => {
    const terms = analyze('references rank-frequency');
    const scores = contexts.score(terms);
    assert.equal(scores.size, 3);
    const evidence = contexts.evidence(terms);
    const others = (key: string) => ([...scores].filter(([k]) => k !== key).reduce((a, [, v]) => a + v, 0) / 2);
    assert.deepEqual([...evidence.keys()], ['zipf1949']);
    assert.ok(Math.abs(evidence.get('zipf1949')! - contexts.repeatRate * (scores.get('zipf1949')! - others('zipf1949'))) < 1e-12);
  });
  it('keeps the whole score of a key that alone matches', () => {
    const terms = analyze('the rank-frequency law');
    assert.deepEqual([...contexts.score(terms).keys()], ['zipf1949']);
    assert.equal(contexts.evidence(terms).get('zipf1949'), contexts.repeatRate * contexts.score(terms).get('zipf1949')!);
  });
  it('estimates how often the draft re-cites, smoothed: (citations - keys + 1) / (citations + 2)', () => {
    // 4 citations of 3 keys.
    assert.equal(contexts.repeatRate, 2 / 6);
    assert.equal(new CitingContexts(new Map([['a', ['x y']], ['b', ['z w']]])).repeatRate, 1 / 4);
  });
  it('gives more evidence in a draft that re-cites more', () => {
    const once = new CitingContexts(new Map([['zipf1949', ['the rank-frequency law']], ['lin2004', ['ROUGE recall']], ['x', ['BLEU']]]));
    const often = new CitingContexts(
      new Map([['zipf1949', ['the rank-frequency law', 'Zipf again']], ['lin2004', ['ROUGE recall', 'ROUGE again']], ['x', ['BLEU', 'BLEU again']]]),
    );
    const terms = analyze('the rank-frequency law');
    assert.ok(often.evidence(terms).get('zipf1949')! > once.evidence(terms).get('zipf1949')!);
  });
});

describe('draftCitingContexts', () => {
  const draft = scanDraft(
    [
      'Word frequencies in our corpus follow the rank-frequency law \\cite{zipf1949}.',
      '',
      'We evaluate with BLEU \\cite{papineni2002} and again the rank-frequency law.',
    ].join('\n'),
    'latex',
  );
  it('takes the text around each citation, by key', () => {
    const contexts = draftCitingContexts(draft);
    assert.match(contexts.get('zipf1949')![0], /rank-frequency law/);
    assert.match(contexts.get('papineni2002')![0], /BLEU/);
  });
  it('leaves out the paragraph being ranked', () => {
    const contexts = draftCitingContexts(draft, draft.paragraphs[1]);
    assert.equal(contexts.has('papineni2002'), false);
    assert.equal(contexts.has('zipf1949'), true);
  });
});

describe('ranking with citing contexts', () => {
  // The title of Zipf's book shares no word with how the draft speaks of it.
  const index = PaperIndex.build([
    bib('zipf1949', 'Human Behavior and the Principle of Least Effort'),
    bib('heaps1978', 'Information Retrieval: Computational and Theoretical Aspects of vocabulary growth'),
    bib('other', 'Token statistics of web text'),
  ]);
  const passage = 'Token counts in the second corpus also follow the rank-frequency law.';
  // The hand-set fusion, whose citing weight these tests pin. (Of the three titles only "Token
  // statistics of web text" holds a word of the passage, which then covers the whole query; the
  // fitted bibliography model weighs that more than the contexts. Its own tests: bibliographyModel.test.ts.)
  const parameters = rankingParameters({ bibliographyModel: 0 });
  // A draft that cites each of its works twice, as drafts often do.
  const citing = new CitingContexts(
    new Map([
      ['zipf1949', ['word frequencies in our corpus follow the rank-frequency law', 'the law of least effort']],
      ['heaps1978', ['the vocabulary grows with the size of the collection', 'vocabulary growth']],
      ['other', ['web text is noisy', 'crawled pages']],
    ]),
  );
  it('brings in a work the draft cites elsewhere with the passage\'s words, though its title shares none', () => {
    assert.equal(rankText(index, passage, { parameters }).some((s) => s.record.id === 'zipf1949'), false);
    const ranked = rankText(index, passage, { citing, parameters });
    assert.equal(ranked[0].record.id, 'zipf1949');
  });
  it('reads nothing at citingWeight 0', () => {
    assert.equal(rankText(index, passage, { citing, parameters: rankingParameters({ citingWeight: 0 }) }).some((s) => s.record.id === 'zipf1949'), false);
  });
  it('is what rankParagraph does with the draft it is given', () => {
    const draft = scanDraft(
      [
        'Word frequencies in our corpus follow the rank-frequency law \\cite{zipf1949}, the law of least effort \\cite{zipf1949}.',
        '',
        'The vocabulary grows with the size of the collection \\cite{heaps1978}, and web text is noisy \\cite{other}.',
        '',
        'Vocabulary growth \\cite{heaps1978} on crawled pages \\cite{other}.',
        '',
        passage,
      ].join('\n'),
      'latex',
    );
    const ranked = rankParagraph(index, draft, draft.paragraphs.at(-1)!, { parameters });
    assert.equal(ranked[0].record.id, 'zipf1949');
    assert.equal(ranked[0].alreadyCited, true);
  });
  it('reads the other files of the document too: a section file is one part of the paper', () => {
    const root = scanDraft(
      [
        '\\title{Counting tokens}',
        'Word frequencies in our corpus follow the rank-frequency law \\cite{zipf1949}, the law of least effort \\cite{zipf1949}.',
        '',
        'The vocabulary grows with the size of the collection \\cite{heaps1978}, and web text is noisy \\cite{other}.',
        '',
        'Vocabulary growth \\cite{heaps1978} on crawled pages \\cite{other}.',
        '',
        '\\input{sections/results}',
      ].join('\n'),
      'latex',
    );
    const section = scanDraft(passage, 'latex');
    assert.equal(rankParagraph(index, section, section.paragraphs[0], { parameters }).some((s) => s.record.id === 'zipf1949'), false);
    const request = paragraphRequest(section, section.paragraphs[0], [root]);
    assert.deepEqual(request.context, ['Counting tokens']);
    assert.deepEqual(request.citedKeys.sort(), ['heaps1978', 'other', 'zipf1949']);
    const ranked = rankParagraph(index, section, section.paragraphs[0], { companions: [root], parameters });
    assert.equal(ranked[0].record.id, 'zipf1949');
    assert.equal(ranked[0].alreadyCited, true);
  });
});
