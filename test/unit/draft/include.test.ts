import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { resolveDraft, type ReadFile } from '../../../src/core/draft/include';

const FIXTURES = resolve(__dirname, '../../fixtures/draft');
const ROOT = resolve('/papers/acl');

/** An in-memory file system: relative paths under ROOT -> text. */
function memory(files: Record<string, string>): ReadFile & { reads: string[] } {
  const byPath = new Map(Object.entries(files).map(([p, t]) => [join(ROOT, p), t]));
  const reads: string[] = [];
  const fn = async (p: string): Promise<string | undefined> => {
    reads.push(p);
    return byPath.get(p);
  };
  return Object.assign(fn, { reads });
}

describe('resolveDraft', () => {
  it('follows \\input recursively, relative to the root folder, adding .tex', async () => {
    const fs = memory({
      'main.tex': '\\documentclass{article}\\newcommand{\\ilm}{ILM}\\begin{document}\\input{sections/intro}\\include{sections/end.tex}\\bibliography{refs,lib/more.bib}\\end{document}',
      'sections/intro.tex': 'Our \\ilm{} \\cite{a}.\n\\input{sections/deep}',
      'sections/deep.tex': 'Deep \\addbibresource{extra.bib}',
      'sections/end.tex': 'End.',
    });
    const r = await resolveDraft(join(ROOT, 'main.tex'), fs);
    assert.deepEqual(r.files.map((f) => f.path), ['main.tex', 'sections/intro.tex', 'sections/deep.tex', 'sections/end.tex'].map((p) => join(ROOT, p)));
    assert.deepEqual(r.bibliographies, ['refs.bib', 'lib/more.bib', 'extra.bib'].map((p) => join(ROOT, p)));
    assert.deepEqual(r.missing, []);
    // Macros of the root are expanded in the included files.
    assert.equal(r.files[1].draft.paragraphs[0].text, 'Our ILM.');
  });

  it('reports missing files and still returns the rest', async () => {
    const fs = memory({ 'main.tex': '\\input{gone}\\input{here}', 'here.tex': 'Here.' });
    const r = await resolveDraft(join(ROOT, 'main.tex'), fs);
    assert.deepEqual(r.files.map((f) => f.path), [join(ROOT, 'main.tex'), join(ROOT, 'here.tex')]);
    assert.deepEqual(r.missing, [join(ROOT, 'gone.tex')]);
  });

  it('falls back to the including file\'s folder (\\subimport, nested subfiles)', async () => {
    const fs = memory({ 'main.tex': '\\input{chap/one}', 'chap/one.tex': '\\subimport{}{two}', 'chap/two.tex': 'Two.' });
    const r = await resolveDraft(join(ROOT, 'main.tex'), fs);
    assert.deepEqual(r.files.map((f) => f.path), ['main.tex', 'chap/one.tex', 'chap/two.tex'].map((p) => join(ROOT, p)));
  });

  it('stops at cycles and at depth 20', async () => {
    const cyc = await resolveDraft(join(ROOT, 'a.tex'), memory({ 'a.tex': '\\input{b}', 'b.tex': '\\input{a}\\input{b}' }));
    assert.deepEqual(cyc.files.map((f) => f.path), [join(ROOT, 'a.tex'), join(ROOT, 'b.tex')]);
    const chain: Record<string, string> = {};
    for (let n = 0; n < 30; n++) chain[`f${n}.tex`] = `\\input{f${n + 1}}`;
    const deep = await resolveDraft(join(ROOT, 'f0.tex'), memory(chain));
    assert.equal(deep.files.length, 21);
  });

  it('resolves Markdown bibliographies relative to the file', async () => {
    const fs = memory({ 'paper/paper.md': '---\nbibliography:\n  - paper.bib\n  - ../shared.bib\n---\n\nText.' });
    const r = await resolveDraft(join(ROOT, 'paper/paper.md'), fs);
    assert.deepEqual(r.bibliographies, [join(ROOT, 'paper/paper.bib'), join(ROOT, 'shared.bib')]);
    assert.equal(r.files[0].draft.format, 'markdown');
  });

  it('returns no files when the root cannot be read, and survives a throwing reader', async () => {
    assert.deepEqual(await resolveDraft(join(ROOT, 'none.tex'), memory({})), { files: [], bibliographies: [], missing: [] });
    const r = await resolveDraft(join(ROOT, 'x.tex'), async () => {
      throw new Error('EACCES');
    });
    assert.deepEqual(r.files, []);
  });

  it('reads the paper fixture from disk', async () => {
    const r = await resolveDraft(join(FIXTURES, 'paper/main.tex'), (p) => readFile(p, 'utf8').catch(() => undefined));
    assert.deepEqual(r.files.map((f) => f.path), ['main.tex', 'sections/intro.tex', 'sections/related.tex'].map((p) => join(FIXTURES, 'paper', p)));
    assert.deepEqual(r.bibliographies, [join(FIXTURES, 'paper/refs.bib'), join(FIXTURES, 'paper/extra.bib')]);
    assert.deepEqual(r.missing, []);
    assert.match(r.files[1].draft.paragraphs[0].text, /^Text infilling/);
  });
});
