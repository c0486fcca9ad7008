import { strict as assert } from 'node:assert';
import { processTerm } from '../../../src/core/text/analyze';
import { eponymBases } from '../../../src/core/text/eponyms';

describe('eponymBases', () => {
  it('finds the name behind -ian, -ean and -an adjectives', () => {
    assert.ok(eponymBases('Zipfian').includes(processTerm('Zipf')!));
    assert.ok(eponymBases('gricean').includes(processTerm('Grice')!));
    assert.ok(eponymBases('Euclidean').includes(processTerm('Euclid')!));
    assert.ok(eponymBases('Chomskyan').includes(processTerm('Chomsky')!));
  });
  it('leaves short bases and other words alone', () => {
    assert.deepEqual(eponymBases('human'), []);
    assert.deepEqual(eponymBases('model'), []);
  });
});
