import * as assert from 'node:assert/strict';
import { sameSources, sourceList } from '../../../src/core/sources/sourceList';

describe('sourceList', () => {
  it('bibliographies, corpora, then the bundled corpus; each file once, in its first role', () => {
    assert.deepEqual(sourceList({ bibliographies: ['/w/a.bib', '/w/a.bib'], corpora: ['/w/a.bib', '/d/acl.jsonl'], bundled: '/x/default.jsonl' }), [
      { file: '/w/a.bib', role: 'bibliography' },
      { file: '/d/acl.jsonl', role: 'corpus' },
      { file: '/x/default.jsonl', role: 'default' },
    ]);
    assert.deepEqual(sourceList({ bibliographies: [], corpora: [] }), []);
  });
});

describe('sameSources', () => {
  const a = [{ file: '/a', role: 'bibliography' as const }];
  it('compares files, roles and order', () => {
    assert.equal(sameSources(undefined, a), false);
    assert.equal(sameSources(a, [{ file: '/a', role: 'bibliography' }]), true);
    assert.equal(sameSources(a, [{ file: '/a', role: 'corpus' }]), false);
    assert.equal(sameSources([...a, { file: '/b', role: 'corpus' }], [{ file: '/b', role: 'corpus' }, ...a]), false);
  });
});
