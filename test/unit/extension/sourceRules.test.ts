import { strict as assert } from 'node:assert';
import { chooseSources, resolveSettingPath } from '../../../src/extension/library/sourceRules';

const base = { workspaceBibs: ['/w/z.bib', '/w/a.bib', '/w/draft/refs.bib'], corpus: [], bundled: '/ext/data/default-corpus.jsonl' };

describe('chooseSources', () => {
  it('uses the setting when set, even when the draft names files', () => {
    const { sources, rule } = chooseSources({ ...base, configured: ['/w/mine.bib'], namedByDraft: ['/w/draft/refs.bib'] });
    assert.equal(rule, 'setting');
    assert.deepEqual(sources.map((s) => s.file), ['/w/mine.bib', '/ext/data/default-corpus.jsonl']);
  });

  it('else the files the draft names, in the draft order', () => {
    const { sources, rule } = chooseSources({ ...base, namedByDraft: ['/w/b.bib', '/w/a.bib'] });
    assert.equal(rule, 'draft');
    assert.deepEqual(sources, [
      { file: '/w/b.bib', role: 'bibliography' },
      { file: '/w/a.bib', role: 'bibliography' },
      { file: '/ext/data/default-corpus.jsonl', role: 'default' },
    ]);
  });

  it('else every workspace .bib, sorted (the cache key depends on the order)', () => {
    for (const namedByDraft of [undefined, []]) {
      const { sources, rule } = chooseSources({ ...base, namedByDraft });
      assert.equal(rule, 'workspace');
      assert.deepEqual(sources.filter((s) => s.role === 'bibliography').map((s) => s.file), ['/w/a.bib', '/w/draft/refs.bib', '/w/z.bib']);
    }
  });

  it('an empty setting result is respected (no fallback to the workspace)', () => {
    const { sources, rule } = chooseSources({ ...base, configured: [] });
    assert.equal(rule, 'setting');
    assert.deepEqual(sources.map((s) => s.role), ['default']);
  });

  it('adds corpus files then the bundled corpus, without duplicates; none when turned off', () => {
    const { sources } = chooseSources({ ...base, namedByDraft: ['/w/a.bib', '/w/a.bib'], corpus: ['/data/acl.jsonl.gz'], bundled: undefined });
    assert.deepEqual(sources, [
      { file: '/w/a.bib', role: 'bibliography' },
      { file: '/data/acl.jsonl.gz', role: 'corpus' },
    ]);
  });
});

describe('resolveSettingPath', () => {
  it('resolves relative paths against the workspace folder, ~ against home', () => {
    assert.equal(resolveSettingPath('data/acl.jsonl.gz', '/w'), '/w/data/acl.jsonl.gz');
    assert.equal(resolveSettingPath('/abs/./x.jsonl', '/w'), '/abs/x.jsonl');
    assert.equal(resolveSettingPath('~/c.jsonl', '/w', '/home/me'), '/home/me/c.jsonl');
    assert.equal(resolveSettingPath('rel.jsonl', undefined), undefined);
    assert.equal(resolveSettingPath('  ', '/w'), undefined);
  });
});
