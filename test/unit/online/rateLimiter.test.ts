import { strict as assert } from 'node:assert';
import { RateLimiter } from '../../../src/core/online/rateLimiter';
import { FakeClock } from './server';

describe('RateLimiter', () => {
  describe('acquire', () => {
    it('spaces requests to one host by the interval, in the order asked', async () => {
      const clock = new FakeClock(0, false);
      const limiter = new RateLimiter(clock);
      limiter.setInterval('export.arxiv.org', 3000);
      const order: number[] = [];
      await Promise.all([1, 2, 3].map((i) => limiter.acquire('export.arxiv.org').then(() => order.push(i))));
      assert.deepEqual(order, [1, 2, 3]);
      // Asked at one instant: the first goes at once, the others wait for the slots 3 s and 6 s later.
      assert.deepEqual(clock.sleeps, [3000, 6000]);
    });
    it('does not wait once the interval has passed, nor for hosts without a limit', async () => {
      const clock = new FakeClock();
      const limiter = new RateLimiter(clock);
      limiter.setInterval('a', 1000);
      await limiter.acquire('a');
      clock.t += 5000;
      await limiter.acquire('a');
      await limiter.acquire('b');
      await limiter.acquire('b');
      assert.deepEqual(clock.sleeps, []);
    });
    it('rejects when cancelled', async () => {
      const limiter = new RateLimiter();
      limiter.setInterval('a', 10_000);
      await limiter.acquire('a');
      const controller = new AbortController();
      const waiting = limiter.acquire('a', controller.signal);
      controller.abort();
      await assert.rejects(waiting, { name: 'AbortError' });
    });
  });
});
