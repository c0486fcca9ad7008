import * as assert from 'node:assert/strict';
import { citeEditAt } from '../../../src/core/cite/citeEdit';
import { scanDraft } from '../../../src/core/draft/scan';

/** Cites `key` where `|` is in `doc` and gives the new document (or 'already-cited'). */
function cite(doc: string, key: string, format: 'latex' | 'markdown' = 'latex', command?: 'citep'): string {
  const offset = doc.indexOf('|');
  const text = doc.replace('|', '');
  const result = citeEditAt(text, scanDraft(text, format).citations, offset, key, format, command);
  if (result.kind === 'already-cited') return result.kind;
  const { start, end, text: insert } = result.edit;
  return text.slice(0, start) + insert + text.slice(end);
}

describe('citeEditAt', () => {
  it('inserts a new \\cite at the cursor, with the configured command', () => {
    assert.equal(cite('As shown by |.', 'a'), 'As shown by \\cite{a}.');
    assert.equal(cite('As shown by |.', 'a', 'latex', 'citep'), 'As shown by \\citep{a}.');
  });
  it('never glues the new citation onto a word', () => {
    assert.equal(cite('As shown by|.', 'a'), 'As shown by \\cite{a}.');
    assert.equal(cite('in the\n|cache', 'a'), 'in the\n\\cite{a} cache');
    assert.equal(cite('word|word', 'a', 'markdown'), 'wordword [@a]');
  });
  it('never splits a word: inside one, the citation goes after it', () => {
    assert.equal(cite('low-rank adap|ters help.', 'a'), 'low-rank adapters \\cite{a} help.');
    assert.equal(cite('adap|ters.', 'a', 'markdown'), 'adapters [@a].');
  });
  it("uses the command the draft uses most; the configured one only for a draft without citations", () => {
    const draft = 'A \\citep{x}. B \\citep{y, z}. C \\citet{w}. D \\nocite{v}\\nocite{u}\\nocite{t}. New|.';
    assert.ok(cite(draft, 'a').endsWith('New \\citep{a}.'));
    assert.equal(cite('New|.', 'a', 'latex', 'citep'), 'New \\citep{a}.');
  });
  it('ties the citation to the word before when the draft does', () => {
    assert.equal(cite('As in~\\cite{x} and~\\cite{y}, we|.', 'a'), 'As in~\\cite{x} and~\\cite{y}, we~\\cite{a}.');
    assert.equal(cite('As in~\\cite{x} and~\\cite{y}, we |.', 'a'), 'As in~\\cite{x} and~\\cite{y}, we \\cite{a}.', 'a space the user typed stays');
    assert.equal(cite('As in \\cite{x} and~\\cite{y}, we|.', 'a'), 'As in \\cite{x} and~\\cite{y}, we \\cite{a}.', 'half the groups tied: no tie');
  });
  it('inserts [@key] in Markdown', () => {
    assert.equal(cite('As shown |.', 'a', 'markdown'), 'As shown [@a].');
  });
  it('merges into the group the cursor is in instead of nesting', () => {
    assert.equal(cite('See \\citep[p.~3]{x|}.', 'a'), 'See \\citep[p.~3]{x, a}.');
    assert.equal(cite('See \\citep[p.|~3]{x}.', 'a'), 'See \\citep[p.~3]{x, a}.');
    assert.equal(cite('See \\cite{x,\n  y|}.', 'a'), 'See \\cite{x,\n  y, a}.');
    assert.equal(cite('See [@x|; @y].', 'a', 'markdown'), 'See [@x; @y; @a].');
  });
  it('does not repeat a key the group has', () => {
    assert.equal(cite('See \\cite{a, |b}.', 'a'), 'already-cited');
    assert.equal(cite('See [@a|].', 'a', 'markdown'), 'already-cited');
  });
  it('puts the key alone where a key is being typed', () => {
    assert.equal(cite('See \\cite{|}.', 'a'), 'See \\cite{a}.');
    assert.equal(cite('See [@|', 'a', 'markdown'), 'See [@a');
  });
  it('treats the cursor right after a group as outside it', () => {
    assert.equal(cite('See \\cite{x}|.', 'a'), 'See \\cite{x}\\cite{a}.');
  });
  it('cites after a narrative @key, which cannot take more keys', () => {
    assert.equal(cite('As @x| says.', 'a', 'markdown'), 'As @x [@a] says.');
  });
});

describe('citeEditAt while a key is being typed', () => {
  it('adds after the partial key of an unclosed group', () => {
    assert.equal(cite('See \\cite{ab|', 'a'), 'See \\cite{ab, a');
    assert.equal(cite('See [@ab|', 'a', 'markdown'), 'See [@ab; @a');
  });
});
