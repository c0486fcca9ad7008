import * as assert from 'node:assert/strict';
import {
  appendSeparator,
  chooseBibTarget,
  describeOrigin,
  findSamePaper,
  keysInBibText,
  namedBibFiles,
} from '../../../src/extension/actions/bibTarget';
import { paper } from '../helpers';

describe('namedBibFiles', () => {
  it('adds .bib to LaTeX names and resolves them against the draft folder', () => {
    assert.deepEqual(namedBibFiles('/w/paper/main.tex', ['refs', 'other.bib', '../shared/lib'], 'latex'), [
      '/w/paper/refs.bib',
      '/w/paper/other.bib',
      '/w/shared/lib.bib',
    ]);
  });
  it('keeps only .bib files of a Markdown draft', () => {
    assert.deepEqual(namedBibFiles('/w/paper.md', ['refs.bib', 'refs.json', 'x.yaml'], 'markdown'), ['/w/refs.bib']);
  });
  it('drops repeats and empty names', () => {
    assert.deepEqual(namedBibFiles('/w/a.tex', ['refs', ' ', 'refs.bib'], 'latex'), ['/w/refs.bib']);
  });
});

describe('chooseBibTarget', () => {
  it('uses only the files the draft names when one exists', () => {
    const t = chooseBibTarget({
      draftPath: '/w/a.tex',
      named: [{ file: '/w/refs.bib', exists: true }, { file: '/w/gone.bib', exists: false }],
      libraryFiles: ['/w/other.bib'],
    });
    assert.deepEqual(t, { kind: 'existing', files: ['/w/refs.bib'] });
  });
  it("falls back to the library's .bib files for a draft that names none", () => {
    const t = chooseBibTarget({ draftPath: '/w/sec/intro.tex', named: [], libraryFiles: ['/w/a.bib', '/w/b.json', '/w/a.bib', '/w/c.bib'] });
    assert.deepEqual(t, { kind: 'existing', files: ['/w/a.bib', '/w/c.bib'] });
  });
  it('offers to create the named file when it does not exist', () => {
    const t = chooseBibTarget({ draftPath: '/w/a.tex', named: [{ file: '/w/refs.bib', exists: false }], libraryFiles: ['/w/other.bib'] });
    assert.deepEqual(t, { kind: 'create', file: '/w/refs.bib' });
  });
  it('offers references.bib next to the draft when there is no .bib at all', () => {
    assert.deepEqual(chooseBibTarget({ draftPath: '/w/d/a.md', named: [], libraryFiles: [] }), { kind: 'create', file: '/w/d/references.bib' });
  });
});

describe('findSamePaper', () => {
  const bib = [
    paper('a', 'LoRA: Low-Rank Adaptation of Large Language Models', { doi: '10.1/lora', year: 2021, key: 'hu2021lora' }),
    paper('b', 'Attention Is All You Need for Sure', { arxiv: '1706.03762', year: 2017, key: 'v' }),
  ];
  it('matches by DOI, case-insensitively', () => {
    assert.equal(findSamePaper(paper('x', 'Other', { doi: '10.1/LORA' }), bib)?.key, 'hu2021lora');
  });
  it('matches by arXiv id', () => {
    assert.equal(findSamePaper(paper('x', 'Other', { arxiv: '1706.03762' }), bib)?.key, 'v');
  });
  it('matches by title, ignoring case and punctuation', () => {
    assert.equal(findSamePaper(paper('x', 'LoRA - low rank adaptation of large language models!'), bib)?.key, 'hu2021lora');
  });
  it('does not match the same title in another year', () => {
    assert.equal(findSamePaper(paper('x', 'LoRA: Low-Rank Adaptation of Large Language Models', { year: 2030 }), bib), undefined);
  });
  it('does not match short titles', () => {
    assert.equal(findSamePaper(paper('x', 'Introduction'), [paper('y', 'Introduction')]), undefined);
  });
});

describe('describeOrigin', () => {
  it('gives file:line', () => {
    assert.equal(describeOrigin({ origin: { kind: 'bibtex', file: '/w/refs.bib', line: 3 } }, (f) => f.replace('/w/', '')), 'refs.bib:3');
    assert.equal(describeOrigin({ origin: { kind: 'bibtex', file: 'refs.bib' } }), 'refs.bib');
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

describe('keysInBibText', () => {
  it('finds entry keys with their lines, whether or not the entry parses', () => {
    const text = '@string{foo = "bar"}\n@misc{a,\n}\n\n  @Book ( b ,\n title = {broken\n@comment{c, x}';
    assert.deepEqual([...keysInBibText(text)], [['a', 2], ['b', 5]]);
  });
});
