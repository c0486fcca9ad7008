import * as assert from 'node:assert/strict';
import { appendSeparator, describePlace, planEntry } from '../../../src/core/cite/addEntry';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import type { PaperRecord } from '../../../src/core/model';
import { paper } from '../helpers';

const LORA = 'LoRA: Low-Rank Adaptation of Large Language Models';

/** An entry of the user's .bib. */
function bibEntry(key: string, title: string, fields: Partial<PaperRecord> = {}): PaperRecord {
  return paper(key, title, { key, inBibliography: true, origin: { kind: 'bibtex', file: '/w/refs.bib', line: 3 }, ...fields });
}

describe('planEntry', () => {
  const lora = bibEntry('hu2021lora', LORA, { doi: '10.1/lora', year: 2021, authors: ['Edward J. Hu'] });
  const index = PaperIndex.build([
    lora,
    bibEntry('v', 'Attention Is All You Need for Sure', { arxiv: '1706.03762', year: 2017 }),
    paper('c1', 'A Corpus Paper About Retrieval Models', { key: 'smith2020corpus', year: 2020, authors: ['Ann Smith'] }),
  ]);

  it('a paper the .bib holds (same DOI, arXiv id, or title) is held under its key, wherever the library has it', () => {
    for (const probe of [
      paper('x', 'Other Words Entirely Here', { doi: '10.1/LORA' }),
      paper('x', 'Other Words Entirely Here', { arxiv: '1706.03762' }),
      paper('x', 'LoRA - low rank adaptation of large language models!', { year: 2021, authors: ['E. Hu'] }),
    ]) {
      const plan = planEntry(index, { record: probe });
      assert.equal(plan.kind, 'held', probe.title);
      assert.deepEqual(plan.kind === 'held' && plan.place, { file: '/w/refs.bib', line: 3 });
    }
    const plan = planEntry(index, { record: paper('x', 'Other Words Entirely Here', { doi: '10.1/lora' }) });
    assert.equal(plan.kind === 'held' && plan.key, 'hu2021lora');
    assert.match(plan.kind === 'held' ? plan.entry : '', /^@\w+\{hu2021lora,/);
  });

  it('a short title counts too, in the bibliography and in the target (the same paper never goes in twice)', () => {
    const withShort = PaperIndex.build([bibEntry('matryoshka', 'Matryoshka Multimodal Models', { year: 2024 })]);
    const again = paper('hf:m', 'Matryoshka multimodal models');
    assert.deepEqual(planEntry(withShort, { record: again }).kind, 'held');
    const target = { file: '/w/refs.bib', text: '@misc{matryoshka2,\n  title = {Matryoshka Multimodal Models}\n}\n' };
    const plan = planEntry(index, { record: again, target });
    assert.deepEqual(plan.kind === 'held' && [plan.key, plan.place], ['matryoshka2', { file: '/w/refs.bib', line: 1 }]);
    assert.equal(planEntry(withShort, { record: paper('x', 'Matryoshka Multimodal Models', { year: 2019 }) }).kind, 'new');
  });

  it('the same title in another year is another paper', () => {
    assert.equal(planEntry(index, { record: paper('x', LORA, { year: 2030 }) }).kind, 'new');
  });

  it("without a target: the key a new entry would get, and the library's .bib files", () => {
    const plan = planEntry(index, { record: paper('c1', 'A Corpus Paper About Retrieval Models', { key: 'smith2020corpus', year: 2020, authors: ['Ann Smith'] }) });
    assert.equal(plan.kind, 'new');
    assert.equal(plan.kind === 'new' && plan.key, 'smith2020corpus');
    assert.deepEqual(plan.kind === 'new' && plan.bibFiles, ['/w/refs.bib']);
  });

  it('with a target: the text to append, one blank line after what is there', () => {
    const target = { file: '/w/refs.bib', text: '@misc{a,\n  title = {Something Else Entirely Here}\n}\n' };
    const plan = planEntry(index, { record: paper('n', 'A Brand New Paper on Kelp Forests', { key: 'kelp2024', year: 2024 }), target });
    assert.equal(plan.kind, 'append');
    if (plan.kind !== 'append') return;
    assert.equal(plan.key, 'kelp2024');
    assert.equal(plan.text, `\n${plan.entry}`);
    assert.match(plan.entry, /^@\w+\{kelp2024,\n/);
  });

  it('finds the paper in the target as the editor holds it (unsaved entries count)', () => {
    const target = { file: '/w/new.bib', text: '@article{kelp,\n  title = {A Brand New Paper on Kelp Forests},\n  year = {2024}\n}\n' };
    const plan = planEntry(index, { record: paper('n', 'A brand new paper on kelp forests', { year: 2024 }), target });
    assert.equal(plan.kind, 'held');
    assert.deepEqual(plan.kind === 'held' && [plan.key, plan.place], ['kelp', { file: '/w/new.bib', line: 1 }]);
  });

  it("refuses a key another entry uses, case aside, saying where; 'rename' makes another", () => {
    const record = paper('n', 'A Brand New Paper on Kelp Forests', { key: 'HU2021LORA', year: 2024, authors: ['Jo Kelp'] });
    const target = { file: '/w/refs.bib', text: '' };
    assert.deepEqual(planEntry(index, { record, target }), { kind: 'key-taken', key: 'HU2021LORA', place: { file: '/w/refs.bib', line: 3 } });
    const renamed = planEntry(index, { record, target, onKeyTaken: 'rename' });
    assert.equal(renamed.kind, 'append');
    assert.equal(renamed.kind === 'append' && renamed.key, 'kelp2024brand');
  });

  it('counts the keys of entries in the target that do not parse', () => {
    const target = { file: '/w/refs.bib', text: '@string{foo = "bar"}\n@misc{ok,\n}\n\n  @Book ( kelp2024 ,\n title = {broken\n' };
    const record = paper('n', 'A Brand New Paper on Kelp Forests', { key: 'kelp2024', year: 2024 });
    assert.deepEqual(planEntry(index, { record, target }), { kind: 'key-taken', key: 'kelp2024', place: { file: '/w/refs.bib', line: 5 } });
  });

  it('makes a key for a record without a usable one', () => {
    const plan = planEntry(index, { record: paper('n', 'Kelp Forests Under Sea Ice', { key: 'bad key{', year: 2024, authors: ['Jo Kelp'] }), target: { file: '/w/refs.bib', text: '' } });
    assert.equal(plan.kind === 'append' && plan.key, 'kelp2024kelp');
  });
});

describe('describePlace', () => {
  it('gives file:line', () => {
    assert.equal(describePlace({ file: '/w/refs.bib', line: 3 }, (f) => f.replace('/w/', '')), 'refs.bib:3');
    assert.equal(describePlace({ file: 'refs.bib' }), 'refs.bib');
  });
});

describe('appendSeparator', () => {
  it('separates the new entry by one blank line', () => {
    assert.equal(appendSeparator(''), '');
    assert.equal(appendSeparator('\n  \n'), '');
    assert.equal(appendSeparator('@misc{a,\n}'), '\n\n');
    assert.equal(appendSeparator('@misc{a,\n}\n'), '\n');
    assert.equal(appendSeparator('@misc{a,\n}\n\n'), '');
    assert.equal(appendSeparator('@misc{a,\r\n}\r\n'), '\n');
    assert.equal(appendSeparator('@misc{a,\r\n}\r\n\r\n'), '');
  });
});
