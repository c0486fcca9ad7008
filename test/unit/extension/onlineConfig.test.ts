import { strict as assert } from 'node:assert';
import {
  enrichSummary,
  onlineBaseUrls,
  onlineProviderIds,
  onlineSectionLabel,
  providerConfig,
  WarnOnce,
} from '../../../src/extension/online/onlineConfig';

describe('onlineProviderIds', () => {
  it('keeps known ids once, in order, ignoring case and junk', () => {
    assert.deepEqual(onlineProviderIds(['S2', 'arxiv', 's2', 'nope', 3, ' hf ']), ['s2', 'arxiv', 'hf']);
  });
  it('gives no provider for a value that is not a list', () => {
    assert.deepEqual(onlineProviderIds('arxiv'), []);
    assert.deepEqual(onlineProviderIds(undefined), []);
  });
});

describe('onlineBaseUrls', () => {
  it('keeps http(s) URLs of known providers only', () => {
    assert.deepEqual(
      onlineBaseUrls({ arxiv: 'http://127.0.0.1:8080', s2: 'file:///etc/passwd', hf: 'not a url', other: 'https://x.org', crossref: 3 }),
      { arxiv: 'http://127.0.0.1:8080' },
    );
  });
  it('gives nothing for a non-object', () => {
    assert.deepEqual(onlineBaseUrls(['http://x']), {});
    assert.deepEqual(onlineBaseUrls(null), {});
  });
});

describe('providerConfig', () => {
  it('passes keys and mailto, leaving empty ones out', () => {
    assert.deepEqual(providerConfig({ mailto: '', baseUrls: {} }, { s2: 'k' }), {
      baseUrls: {},
      mailto: undefined,
      semanticScholarApiKey: 'k',
      openAlexApiKey: undefined,
    });
  });
});

describe('onlineSectionLabel', () => {
  it('names the providers', () => {
    assert.equal(onlineSectionLabel(['arxiv', 's2']), 'Online · arXiv, Semantic Scholar');
  });
});

describe('WarnOnce', () => {
  it('lets each provider and reason through once, and never a cancellation', () => {
    const w = new WarnOnce();
    const e500 = { provider: 'arXiv', message: 'HTTP 500 from 127.0.0.1/api/query' };
    assert.deepEqual(w.fresh([e500, { provider: 'Crossref', message: 'cancelled' }]), [e500]);
    assert.deepEqual(w.fresh([e500]), []);
    const other = { provider: 'arXiv', message: 'connection refused' };
    assert.deepEqual(w.fresh([e500, other]), [other]);
    w.clear();
    assert.deepEqual(w.fresh([e500]), [e500]);
  });
});

describe('enrichSummary', () => {
  it('says when nothing was missing', () => {
    assert.match(enrichSummary({ candidates: 0, fetched: 0, withoutAbstract: 0, unknown: 0 }), /already has an abstract/);
  });
  it('counts what was fetched and what was not', () => {
    const s = enrichSummary({ candidates: 4, fetched: 2, withoutAbstract: 1, unknown: 1 });
    assert.match(s, /^Fetched 2 of 4 missing abstracts \(1 without an abstract on Semantic Scholar, 1 unknown to Semantic Scholar\)\./);
    assert.match(s, /\.bib files are unchanged/);
  });
});
