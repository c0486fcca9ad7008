import { strict as assert } from 'node:assert';
import { SupersedingQueue } from '../../../src/extension/worker/requestQueue';

describe('SupersedingQueue', () => {
  it('keeps arrival order', () => {
    const q = new SupersedingQueue<{ id: number; channel?: string }>();
    q.push({ id: 1 });
    q.push({ id: 2, channel: 'a' });
    q.push({ id: 3 });
    assert.deepEqual([q.shift()?.id, q.shift()?.id, q.shift()?.id, q.shift()], [1, 2, 3, undefined]);
  });

  it('drops waiting requests of the same channel when a newer one arrives (50 ranks typed cost one)', () => {
    const q = new SupersedingQueue<{ id: number; channel?: string }>();
    q.push({ id: 0 }); // e.g. a configure that is not superseded by anything
    const dropped: number[] = [];
    for (let id = 1; id <= 50; id++) dropped.push(...q.push({ id, channel: 'sidebar' }).map((r) => r.id));
    q.push({ id: 51, channel: 'search' });
    assert.deepEqual(dropped, Array.from({ length: 49 }, (_, i) => i + 1));
    assert.equal(q.length, 3);
    assert.deepEqual([q.shift()?.id, q.shift()?.id, q.shift()?.id], [0, 50, 51]);
  });

  it('never drops requests without a channel', () => {
    const q = new SupersedingQueue<{ id: number; channel?: string }>();
    assert.deepEqual(q.push({ id: 1 }), []);
    assert.deepEqual(q.push({ id: 2 }), []);
    assert.equal(q.length, 2);
  });
});
