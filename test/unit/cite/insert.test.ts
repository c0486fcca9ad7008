import * as assert from 'node:assert/strict';
import { citationText, keysInGroup, mergeIntoCitation, type CitationEdit } from '../../../src/core/cite/insert';

/** Applies an edit to a document. */
function apply(doc: string, edit: CitationEdit | undefined): string {
  assert.ok(edit, 'expected an edit');
  return doc.slice(0, edit.start) + edit.text + doc.slice(edit.end);
}

/** Merges into the group `group` found in `doc`, and gives the edited document. */
function mergeIn(doc: string, group: string, keys: string[], format: 'latex' | 'markdown'): string {
  const start = doc.indexOf(group);
  assert.ok(start >= 0, `group ${group} in the document`);
  return apply(doc, mergeIntoCitation({ text: group, start }, keys, format));
}

describe('citationText', () => {
  it('writes a LaTeX command, \\cite by default', () => {
    assert.equal(citationText(['a'], 'latex'), '\\cite{a}');
    assert.equal(citationText(['a', 'b'], 'latex', { command: 'citep' }), '\\citep{a, b}');
    assert.equal(citationText(['a'], 'latex', { command: 'parencite' }), '\\parencite{a}');
  });

  it('writes a pandoc citation', () => {
    assert.equal(citationText(['a', 'b'], 'markdown'), '[@a; @b]');
    assert.equal(citationText(['a'], 'markdown', { command: 'citep' }), '[@a]');
  });

  it('writes narrative pandoc citations for citet and textcite', () => {
    assert.equal(citationText(['a'], 'markdown', { command: 'citet' }), '@a');
    assert.equal(citationText(['a', 'b'], 'markdown', { command: 'textcite' }), '@a, @b');
  });

  it('uses @{key} for keys pandoc cannot read bare', () => {
    assert.equal(citationText(['doe:2020', 'x.y-z', 'ends.', 'has space', '-dash'], 'markdown'), '[@doe:2020; @x.y-z; @{ends.}; @{has space}; @{-dash}]');
  });

  it('drops repeated and empty keys, keeping the first order', () => {
    assert.equal(citationText(['b', 'a', 'b', ' ', ' a '], 'latex'), '\\cite{b, a}');
  });

  it('throws on no keys, and on keys LaTeX cannot cite', () => {
    assert.throws(() => citationText([], 'latex'), /^RangeError: citationText: no keys/);
    assert.throws(() => citationText(['a,b'], 'latex'), /^RangeError: citationText: key "a,b"/);
    assert.throws(() => citationText(['a}'], 'latex'), /cannot be cited in LaTeX/);
  });
});

describe('keysInGroup', () => {
  it('reads the keys of LaTeX groups, optional arguments included', () => {
    assert.deepEqual(keysInGroup('\\citep[see][p.~3]{a, b,c}', 'latex'), ['a', 'b', 'c']);
    assert.deepEqual(keysInGroup('\\cites(pre)(post)[x]{a}[y]{b, c}', 'latex'), ['a', 'b', 'c']);
    assert.deepEqual(keysInGroup('\\cite{ab', 'latex'), ['ab']);
  });

  it('reads the keys of pandoc groups, not e-mail addresses', () => {
    assert.deepEqual(keysInGroup('[see @a, p. 3; -@b; @{c d}; mail x@y.org]', 'markdown'), ['a', 'b', 'c d']);
    assert.deepEqual(keysInGroup('[@doe:2020.]', 'markdown'), ['doe:2020']);
  });
});

describe('mergeIntoCitation', () => {
  it('appends ", key" inside the braces of a LaTeX group', () => {
    const doc = 'As shown \\citep{a, b}, attention helps.';
    assert.equal(mergeIn(doc, '\\citep{a, b}', ['c'], 'latex'), 'As shown \\citep{a, b, c}, attention helps.');
  });

  it('gives the documented edit for a group with optional arguments', () => {
    assert.deepEqual(mergeIntoCitation({ text: '\\citep[p.~3]{a}', start: 100 }, ['b'], 'latex'), { start: 114, end: 114, text: ', b' });
  });

  it('does not nest a new command', () => {
    const out = mergeIn('x \\cite{a} y', '\\cite{a}', ['b', 'c'], 'latex');
    assert.equal(out, 'x \\cite{a, b, c} y');
    assert.equal(out.match(/\\cite/g)!.length, 1);
  });

  it('adds to the last argument of a multicite', () => {
    assert.equal(mergeIn('\\cites[x]{a}[y]{b}.', '\\cites[x]{a}[y]{b}', ['c'], 'latex'), '\\cites[x]{a}[y]{b, c}.');
  });

  it('appends "; @key" before the bracket of a pandoc group', () => {
    const doc = 'Attention [see @a; @b, p. 3] matters.';
    assert.equal(mergeIn(doc, '[see @a; @b, p. 3]', ['c'], 'markdown'), 'Attention [see @a; @b, p. 3; @c] matters.');
    assert.equal(mergeIn('[@a]', '[@a]', ['c d'], 'markdown'), '[@a; @{c d}]');
  });

  it('does not duplicate keys already in the group', () => {
    assert.equal(mergeIntoCitation({ text: '\\cite{a, b}', start: 0 }, ['b', 'a'], 'latex'), undefined);
    assert.equal(mergeIntoCitation({ text: '[@a; @b]', start: 0 }, ['a'], 'markdown'), undefined);
    assert.equal(mergeIn('\\cite{a}', '\\cite{a}', ['a', 'b', 'b'], 'latex'), '\\cite{a, b}');
    assert.equal(mergeIn('[@a]', '[@a]', ['a', 'b', 'b'], 'markdown'), '[@a; @b]');
  });

  it('fills an empty group and reuses a trailing separator', () => {
    assert.equal(mergeIn('\\cite{}', '\\cite{}', ['a'], 'latex'), '\\cite{a}');
    assert.equal(mergeIn('\\cite{a, }', '\\cite{a, }', ['b'], 'latex'), '\\cite{a, b}');
    assert.equal(mergeIn('\\cite{a,}', '\\cite{a,}', ['b'], 'latex'), '\\cite{a, b}');
    assert.equal(mergeIn('[@a; ]', '[@a; ]', ['b'], 'markdown'), '[@a; @b]');
  });

  it('appends at the end of a group still being typed', () => {
    assert.equal(mergeIn('\\cite{ab', '\\cite{ab', ['c'], 'latex'), '\\cite{ab, c');
    assert.equal(mergeIn('[@ab', '[@ab', ['c'], 'markdown'), '[@ab; @c');
  });

  it('throws on text that is not a citation group', () => {
    assert.throws(() => mergeIntoCitation({ text: 'cite{a}', start: 0 }, ['b'], 'latex'), /^RangeError: mergeIntoCitation: not a LaTeX citation/);
    assert.throws(() => mergeIntoCitation({ text: '\\cite', start: 0 }, ['b'], 'latex'), /mergeIntoCitation: no \{keys\}/);
    assert.throws(() => mergeIntoCitation({ text: '@a', start: 0 }, ['b'], 'markdown'), /mergeIntoCitation: not a bracketed pandoc citation/);
    assert.throws(() => mergeIntoCitation({ text: '[just text]', start: 0 }, ['b'], 'markdown'), /mergeIntoCitation: no @key/);
  });
});
