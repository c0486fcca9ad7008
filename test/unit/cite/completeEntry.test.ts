import * as assert from 'node:assert/strict';
import { completeRecord, describeMissing, missingFields } from '../../../src/core/cite/completeEntry';
import { DAILY_VENUE } from '../../../src/core/online/dailyCorpus';
import type { PaperRecord } from '../../../src/core/model';
import { paper } from '../helpers';

const TITLE = 'Matryoshka Multimodal Models';

/** A bundled Daily Papers record: a title and an abstract, nothing else. */
const bundled = paper('hf:matryoshka', TITLE, { abstract: 'We nest visual tokens.', venue: DAILY_VENUE });

function online(fields: Partial<PaperRecord> = {}): PaperRecord {
  return paper('arxiv:2405.17430', 'Matryoshka multimodal models', {
    authors: ['Mu Cai', 'Jianwei Yang'],
    year: 2024,
    arxiv: '2405.17430',
    url: 'https://arxiv.org/abs/2405.17430',
    origin: { kind: 'online', file: 'arxiv' },
    ...fields,
  });
}

describe('missingFields / describeMissing', () => {
  it('names what a reference lacks', () => {
    assert.deepEqual(missingFields(bundled), ['author', 'year']);
    assert.deepEqual(missingFields(online()), []);
    assert.deepEqual(missingFields({ authors: ['  '], year: 2020 }), ['author']);
    assert.equal(describeMissing(['author', 'year']), 'authors and year');
    assert.equal(describeMissing(['year']), 'year');
  });
});

describe('completeRecord', () => {
  it('takes authors, year, arXiv id and URL from the answer with the same whole title; keeps title and abstract', () => {
    const other = online({ id: 'x', title: 'Matryoshka Multimodal Models Revisited', authors: ['Someone Else'], year: 2025 });
    const found = completeRecord(bundled, [other, online()]);
    assert.ok(found);
    assert.equal(found.from.id, 'arxiv:2405.17430');
    const r = found.record;
    assert.deepEqual(r.authors, ['Mu Cai', 'Jianwei Yang']);
    assert.equal(r.year, 2024);
    assert.equal(r.arxiv, '2405.17430');
    assert.equal(r.url, 'https://arxiv.org/abs/2405.17430');
    assert.equal(r.title, TITLE);
    assert.equal(r.abstract, 'We nest visual tokens.');
    assert.equal(r.id, 'hf:matryoshka');
    assert.equal(r.venue, undefined, 'a Daily Papers listing is not a venue');
    assert.deepEqual(missingFields(r), []);
  });

  it('takes no answer whose title only resembles, whose year is two off, or whose first author differs', () => {
    assert.equal(completeRecord(bundled, [online({ title: 'Matryoshka Multimodal Model' })]), undefined);
    assert.equal(completeRecord({ ...bundled, year: 2021 }, [online()]), undefined);
    assert.equal(completeRecord({ ...bundled, authors: ['Ada Lovelace'] }, [online()]), undefined);
    assert.ok(completeRecord({ ...bundled, year: 2023 }, [online()]), 'a preprint a year before its publication');
    assert.ok(completeRecord({ ...bundled, authors: ['M. Cai'] }, [online()]), 'same last name');
  });

  it('is undefined when the match adds nothing that was missing', () => {
    assert.equal(completeRecord(bundled, [online({ authors: [], year: undefined })]), undefined);
  });

  it('keeps a real venue, and takes the answer\'s over a Daily Papers listing', () => {
    assert.equal(completeRecord({ ...bundled, venue: 'NeurIPS' }, [online({ venue: 'ICLR' })])?.record.venue, 'NeurIPS');
    assert.equal(completeRecord(bundled, [online({ venue: 'ICLR' })])?.record.venue, 'ICLR');
  });
});
