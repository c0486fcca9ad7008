import * as assert from 'node:assert/strict';
import { dedupeRecords, titleKey } from '../../src/core/dedupe';
import type { PaperRecord, SourceKind } from '../../src/core/model';

let nextId = 0;
function rec(partial: Partial<PaperRecord> & { title: string }, kind: SourceKind = 'corpus'): PaperRecord {
  return {
    id: `r${nextId++}`,
    authors: [],
    origin: { kind, file: `${kind}.src` },
    inBibliography: kind === 'bibtex' || kind === 'csl',
    ...partial,
  };
}

const BERT = 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding';

describe('titleKey', () => {
  it('lower-cases, folds to ASCII and removes punctuation and spaces', () => {
    assert.equal(titleKey('BERT: Pre-training of Deep  Bidirectional Transformers'), 'bertpretrainingofdeepbidirectionaltransformers');
    assert.equal(titleKey('Über {Große} Sprachmodelle — eine Übersicht'), titleKey('uber grosse sprachmodelle: eine ubersicht'));
  });
  it('gives undefined for titles under four words', () => {
    assert.equal(titleKey('Introduction'), undefined);
    assert.equal(titleKey('Attention Is All'), undefined);
    assert.notEqual(titleKey('Attention Is All You'), undefined);
  });
});

describe('dedupeRecords', () => {
  it('merges by DOI, keeping the bibliography record and filling its gaps', () => {
    const bib = rec({ id: 'devlin2019bert', key: 'devlin2019bert', title: BERT, authors: ['Jacob Devlin'], year: 2019, doi: '10.18653/v1/n19-1423' }, 'bibtex');
    const acl = rec({
      id: 'N19-1423', key: 'devlin-etal-2019-bert', title: 'BERT: Pre-Training of Deep Bidirectional Transformers', year: 2019,
      doi: '10.18653/v1/n19-1423', abstract: 'We introduce BERT.', venue: 'NAACL', url: 'https://aclanthology.org/N19-1423',
      authors: ['Jacob Devlin', 'Ming-Wei Chang'],
    });
    const out = dedupeRecords([acl, bib]);
    assert.equal(out.length, 1);
    const m = out[0]!;
    assert.equal(m.id, 'devlin2019bert');
    assert.equal(m.key, 'devlin2019bert');
    assert.equal(m.origin.kind, 'bibtex');
    assert.equal(m.inBibliography, true);
    assert.equal(m.title, BERT);
    assert.deepEqual(m.authors, ['Jacob Devlin']);
    assert.equal(m.abstract, 'We introduce BERT.');
    assert.equal(m.venue, 'NAACL');
    assert.equal(m.url, 'https://aclanthology.org/N19-1423');
  });

  it('compares DOIs case-insensitively', () => {
    const out = dedupeRecords([rec({ title: 'A', doi: '10.1/ABC' }), rec({ title: 'B', doi: '10.1/abc' })]);
    assert.equal(out.length, 1);
  });

  it('merges by arXiv id across different titles and years', () => {
    const a = rec({ title: 'LoRA: Low-Rank Adaptation of Large Language Models', arxiv: '2106.09685', year: 2021 }, 'online');
    const b = rec({ title: 'LoRA', arxiv: '2106.09685', year: 2022, venue: 'ICLR', doi: '10.x/lora' });
    const out = dedupeRecords([a, b]);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.id, a.id);
    assert.equal(out[0]!.year, 2021);
    assert.equal(out[0]!.venue, 'ICLR');
    assert.equal(out[0]!.doi, '10.x/lora');
  });

  it('merges by normalised title when the years agree', () => {
    const a = rec({ title: 'Attention Is All You Need', year: 2017, authors: ['Ashish Vaswani'] }, 'default');
    const b = rec({ title: 'Attention is all you need.', year: 2017, authors: ['A. Vaswani'], arxiv: '1706.03762' });
    assert.equal(dedupeRecords([a, b]).length, 1);
    assert.equal(dedupeRecords([a, b])[0]!.arxiv, '1706.03762');
  });

  it('does not merge same titles from different years', () => {
    const a = rec({ title: 'Findings of the Shared Task on Things', year: 2019 });
    const b = rec({ title: 'Findings of the Shared Task on Things', year: 2020 });
    assert.equal(dedupeRecords([a, b]).length, 2);
  });

  it('does not merge short generic titles', () => {
    const a = rec({ title: 'Introduction', year: 2019 });
    const b = rec({ title: 'Introduction', year: 2019 });
    assert.equal(dedupeRecords([a, b]).length, 2);
  });

  it('does not merge same titles by different first authors, or with different DOIs', () => {
    const title = 'Using MT in a Corporate Setting';
    assert.equal(dedupeRecords([rec({ title, year: 1997, authors: ['Lou Cremers'] }), rec({ title, year: 1997, authors: ['Christine Kamprath'] })]).length, 2);
    assert.equal(dedupeRecords([rec({ title, year: 1997, doi: '10.1/a' }), rec({ title, year: 1997, doi: '10.1/b' })]).length, 2);
  });

  it('merges a record without year into the one year of its title, or not at all when ambiguous', () => {
    const title = 'Efficient Streaming Language Models with Attention Sinks';
    const noYear = rec({ title, abstract: 'Sinks.' }, 'default');
    const y2024 = rec({ title, year: 2024, authors: ['Guangxuan Xiao'] });
    const out = dedupeRecords([noYear, y2024]);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.year, 2024);
    assert.equal(out[0]!.abstract, 'Sinks.');
    assert.deepEqual(out[0]!.authors, ['Guangxuan Xiao']);

    const y2023 = rec({ title, year: 2023, authors: ['Guangxuan Xiao'] });
    const ambiguous = dedupeRecords([noYear, y2023, y2024]);
    assert.equal(ambiguous.length, 3);
  });

  it('merges transitively and keeps the first bibliography record of a group', () => {
    const a = rec({ title: 'A Long Enough Title Here', year: 2020, doi: '10.1/x' });
    const b = rec({ id: 'mine', key: 'mine', title: 'Other words', doi: '10.1/x', arxiv: '2001.00001' }, 'bibtex');
    const c = rec({ title: 'Yet another', arxiv: '2001.00001', url: 'https://c' });
    const d = rec({ title: 'Unrelated Paper About Something Else' });
    const out = dedupeRecords([a, d, b, c]);
    assert.deepEqual(out.map((r) => r.id), ['mine', d.id]);
    assert.equal(out[0]!.url, 'https://c');
    assert.equal(out[0]!.year, 2020);
    assert.equal(out[0]!.inBibliography, true);
  });

  it('keeps two bibliography entries of one work apart: both keys stay citable', () => {
    const first = rec({ id: 'dinan2020convai2', key: 'dinan2020convai2', title: 'The Second Conversational Intelligence Challenge', year: 2020 }, 'bibtex');
    const second = rec({ id: 'convai12', key: 'convai12', title: 'The Second Conversational Intelligence Challenge', year: 2020 }, 'bibtex');
    const corpus = rec({ title: 'The Second Conversational Intelligence Challenge', year: 2020, abstract: 'ConvAI2 ...' });
    const out = dedupeRecords([first, second, corpus]);
    assert.deepEqual(out.map((r) => r.id), ['dinan2020convai2', 'convai12']);
    assert.equal(out[0]!.abstract, 'ConvAI2 ...', 'the corpus copy still fills the first entry');
    const byDoi = dedupeRecords([rec({ id: 'a', key: 'a', title: 'x', doi: '10.1/same' }, 'bibtex'), rec({ id: 'b', key: 'b', title: 'y', doi: '10.1/same' }, 'bibtex')]);
    assert.equal(byDoi.length, 2);
  });

  it('merges one key found in two .bib files, as before', () => {
    const inRefs = rec({ id: 'xiao2023sinks', key: 'xiao2023sinks', title: 'Efficient Streaming Language Models with Attention Sinks', year: 2024 }, 'bibtex');
    const inEditing = rec({ id: 'xiao2023sinks', key: 'xiao2023sinks', title: 'Efficient Streaming Language Models with Attention Sinks', year: 2024, abstract: 'a' }, 'bibtex');
    const out = dedupeRecords([inRefs, inEditing]);
    assert.equal(out.length, 1);
    assert.equal(out[0]!.abstract, 'a');
  });

  it('takes the key from the corpus when no member is from the bibliography', () => {
    const a = rec({ title: 'Same Work Seen Twice Here', year: 2020 }, 'default');
    const b = rec({ key: 'corpus-key', title: 'Same Work Seen Twice Here', year: 2020 });
    const out = dedupeRecords([a, b]);
    assert.equal(out[0]!.id, a.id);
    assert.equal(out[0]!.key, 'corpus-key');
    assert.equal(out[0]!.inBibliography, false);
  });

  it('keeps order and returns unmatched records unchanged, without touching the input', () => {
    const input = [rec({ title: 'One Two Three Four', year: 1 }), rec({ title: 'x', doi: 'd' }), rec({ title: 'one two three four', year: 1, abstract: 'abs' })];
    const copy = structuredClone(input);
    const out = dedupeRecords(input);
    assert.equal(out.length, 2);
    assert.equal(out[1], input[1]);
    assert.equal(out[0]!.abstract, 'abs');
    assert.deepEqual(input, copy);
  });

  // Speed is measured by `npm run bench`, not asserted here: timed unit tests flake on busy machines.
  it('merges DOI, arXiv and title duplicates correctly among 100k records', () => {
    const n = 100_000;
    const records: PaperRecord[] = [];
    for (let i = 0; i < n; i++) {
      // 10% DOI duplicates, 10% arXiv duplicates, 10% title duplicates, the rest distinct.
      const base = i % 10 === 0 ? i - 1 : i;
      const work = i % 10 === 2 ? i - 1 : i;
      records.push(
        rec({
          title: `Paper number ${work} about efficient attention and tokens`,
          authors: [`Author ${work % 997}`],
          year: 2000 + (work % 25),
          doi: i % 10 === 0 || i % 10 === 9 ? `10.1000/${base}` : undefined,
          arxiv: i % 10 === 3 || i % 10 === 4 ? `2401.${Math.floor(i / 10)}` : undefined,
        }),
      );
    }
    // Adversarial: 5,000 records with one title and distinct years.
    for (let i = 0; i < 5000; i++) records.push(rec({ title: 'The Same Title For Everyone Here', year: i }));
    const out = dedupeRecords(records);
    // Record 0 has no DOI partner (its DOI would be shared with record -1).
    assert.equal(out.length, n - (n / 10 - 1) - n / 10 - n / 10 + 5000);
  });
});
