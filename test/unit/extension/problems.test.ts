import { strict as assert } from 'node:assert';
import path from 'node:path';
import type { SourceError } from '../../../src/core/model';
import { counted, groupByFile, ProblemTracker, warningText } from '../../../src/extension/library/problems';

const bad = (file: string, line: number, message = `unbalanced braces in entry "e${line}" (line ${line + 6})`): SourceError => ({ file, line, message });

describe('ProblemTracker.update', () => {
  const A = ['/w/a.bib'];
  it('announces a file once, not again while its problems stay the same', () => {
    const t = new ProblemTracker();
    const errors = [bad('/w/broken.bib', 10), bad('/w/broken.bib', 20)];
    assert.deepEqual([...t.update(errors, ['/w/broken.bib']).keys()], ['/w/broken.bib']);
    assert.equal(t.update(errors, ['/w/broken.bib']).size, 0);
    assert.equal(t.update([...errors], ['/w/broken.bib']).size, 0);
  });

  it('does not announce a problem that only moved (lines added above it)', () => {
    const t = new ProblemTracker();
    t.update([bad('/w/a.bib', 10, 'unbalanced braces in entry "x" (line 16)')], A);
    assert.equal(t.update([bad('/w/a.bib', 14, 'unbalanced braces in entry "x" (line 20)')], A).size, 0);
  });

  it('announces a new problem, not a fixed one; a problem made again is news again', () => {
    const t = new ProblemTracker();
    const one = bad('/w/a.bib', 10, 'problem one');
    const two = bad('/w/a.bib', 30, 'problem two');
    t.update([one], A);
    assert.deepEqual(t.update([one, two], A).get('/w/a.bib'), [one, two]);
    assert.equal(t.update([one], A).size, 0, 'fixing one is not news');
    assert.equal(t.update([], A).size, 0);
    assert.equal(t.update([one], A).size, 1, 'broken again');
  });

  it('remembers a file that only left the sources (another draft is active)', () => {
    const t = new ProblemTracker();
    const e = bad('/w/a.bib', 1, 'x');
    assert.equal(t.update([e], A).size, 1);
    assert.equal(t.update([], ['/w/other.bib']).size, 0);
    assert.equal(t.update([e], A).size, 0, 'back to the draft: not news');
  });

  it('reports only the files with news', () => {
    const t = new ProblemTracker();
    t.update([bad('/w/a.bib', 1, 'x')], A);
    assert.deepEqual([...t.update([bad('/w/a.bib', 1, 'x'), bad('/w/b.bib', 2, 'y')], A).keys()], ['/w/b.bib']);
  });
});

describe('groupByFile', () => {
  it('keeps order within a file', () => {
    const g = groupByFile([bad('/a', 1, 'x'), bad('/b', 1, 'y'), bad('/a', 2, 'z')]);
    assert.deepEqual(g.get('/a')!.map((e) => e.line), [1, 2]);
  });
});

describe('warningText', () => {
  const name = (f: string) => path.basename(f);
  it('one problem: says where and what', () => {
    const text = warningText(new Map([['/w/broken.bib', [bad('/w/broken.bib', 10, 'unbalanced braces')]]]), name);
    assert.equal(text, 'Related Work: 1 problem in broken.bib (line 10: unbalanced braces) — the other entries were loaded.');
  });

  it('several problems in several files: one line, counts by severity', () => {
    const text = warningText(
      new Map([
        ['/w/a.bib', [bad('/w/a.bib', 1, 'x'), { file: '/w/a.bib', line: 5, message: 'dup', severity: 'warning' as const }]],
        ['/w/b.bib', [bad('/w/b.bib', 2, 'y')]],
      ]),
      name,
    );
    assert.equal(text, 'Related Work: 3 problems (2 errors, 1 warning) in 2 files (a.bib, b.bib) — the other entries were loaded.');
  });
});

describe('counted', () => {
  it('puts the noun in the number of the count', () => {
    assert.equal(counted(1, 'problem'), '1 problem');
    assert.equal(counted(0, 'problem'), '0 problems');
    assert.equal(counted(1024, 'paper'), '1,024 papers');
    assert.equal(counted(2, 'bibliography entry', 'bibliography entries'), '2 bibliography entries');
  });
});
