// The .bib reader against what pybtex 0.24 and bibtexparser 1.1 read from the same real files
// (test/fixtures/bib-diff: the expectations were written by `npm run bib-diff -- --update`, so
// this runs without the reference installed).
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { compareFile, readOurs, type Difference } from '../../../scripts/bib-diff/compare';
import { FIXTURES, knownDifferences, loadExpected } from '../../../scripts/bib-diff/fixtures';

describe('the .bib reader against a reference reader, on real files', function () {
  this.timeout(120_000);
  const expected = loadExpected();
  const known = knownDifferences();
  const results = new Map<string, { entries: number; lost: number; differences: Difference[] }>();

  before(async () => {
    for (const name of Object.keys(expected.files)) {
      results.set(name, compareFile(await readOurs(path.join(FIXTURES, name)), expected.files[name]!));
    }
  });

  it('has expectations for every committed file, and the set is the size the README says', () => {
    const bibs = readdirSync(FIXTURES).filter((f) => f.endsWith('.bib')).sort();
    assert.deepEqual(Object.keys(expected.files).sort(), bibs);
    const entries = [...results.values()].reduce((n, r) => n + r.entries, 0);
    assert.ok(bibs.length >= 10 && entries >= 10_000, `${bibs.length} files, ${entries} entries`);
  });

  it('loses no entry the reference keeps (a keyless entry is reported at its line instead)', () => {
    const lost = [...results].flatMap(([name, r]) => r.differences.filter((d) => d.kind === 'lost').map((d) => `${name} ${d.key}`));
    assert.deepEqual(lost, []);
  });

  it('reads every title and first author family name as the reference does, but for the known differences', () => {
    const differ = [...results].flatMap(([name, r]) =>
      r.differences
        .filter((d) => (d.kind === 'title' || d.kind === 'family') && !known.has(`${name} ${d.key} ${d.kind}`))
        .map((d) => `${name} ${d.key} ${d.kind}: ours "${d.ours}", reference "${d.reference}"`),
    );
    assert.deepEqual(differ, []);
  });

  it('prints text where the reference keeps LaTeX: no command or maths source left (a `\\$` prints a dollar)', () => {
    const left = [...results].flatMap(([name, r]) =>
      r.differences.filter((d) => d.kind === 'reference' && /\\[A-Za-z]|\$[^\s$]*[\\^_]/.test(d.ours ?? '')).map((d) => `${name} ${d.key}: "${d.ours}"`),
    );
    assert.deepEqual(left, []);
  });

  it('still has each known difference (a fixed one comes off the list)', () => {
    const seen = new Set([...results].flatMap(([name, r]) => r.differences.map((d) => `${name} ${d.key} ${d.kind}`)));
    assert.deepEqual([...known.keys()].filter((k) => !seen.has(k)), []);
  });
});
