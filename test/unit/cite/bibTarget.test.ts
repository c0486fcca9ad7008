import * as assert from 'node:assert/strict';
import { chooseBibTarget, namedBibFiles } from '../../../src/core/cite/bibTarget';

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
