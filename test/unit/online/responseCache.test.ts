import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redactUrl, requestKey, ResponseCache } from '../../../src/core/online/responseCache';
import { FakeClock } from './server';

describe('ResponseCache', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-rcache-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('get / set', () => {
    it('returns a fresh entry, hides a stale one unless asked', async () => {
      const clock = new FakeClock();
      const cache = new ResponseCache(dir, clock);
      const key = requestKey('GET', 'https://x.org/a?q=1');
      await cache.set(key, { status: 200, body: 'hello', url: 'https://x.org/a?q=1' });
      assert.equal((await cache.get(key, 1000))?.body, 'hello');
      clock.t += 2000;
      assert.equal(await cache.get(key, 1000), undefined);
      const stale = await cache.get(key, 1000, { allowStale: true });
      assert.equal(stale?.body, 'hello');
      assert.equal(stale?.stale, true);
    });
    it('an entry dated in the future (clock skew, a copied cache) is stale, not fresh for ever', async () => {
      const clock = new FakeClock();
      const cache = new ResponseCache(dir, clock);
      const key = requestKey('GET', 'https://x.org/future');
      clock.t += 3600_000; // written by a clock an hour ahead
      await cache.set(key, { status: 200, body: 'from the future', url: 'https://x.org/future' });
      clock.t -= 3600_000;
      assert.equal(await cache.get(key, 24 * 3600_000), undefined, 'not served as fresh');
      assert.equal((await cache.get(key, 24 * 3600_000, { allowStale: true }))?.stale, true);
    });
    it('delete forgets an entry', async () => {
      const cache = new ResponseCache(dir);
      const key = requestKey('GET', 'https://x.org/d');
      await cache.set(key, { status: 200, body: 'x', url: 'https://x.org/d' });
      await cache.delete(key);
      assert.equal(await cache.get(key, 1e9, { allowStale: true }), undefined);
      await cache.delete(key); // a missing entry is no error
    });
    it('writes atomically: no temporary files are left, a corrupt file is a miss', async () => {
      const cache = new ResponseCache(dir);
      const key = requestKey('POST', 'https://x.org/b', '{"ids":[1]}');
      await cache.set(key, { status: 200, body: 'x', url: 'https://x.org/b' });
      const files = fs.readdirSync(dir, { recursive: true }).map(String);
      assert.ok(files.every((f) => !f.endsWith('.tmp')), files.join());
      const file = path.join(dir, key.slice(0, 2), `${key}.json`);
      fs.writeFileSync(file, '{"format":1,"bo');
      assert.equal(await cache.get(key, 1e9), undefined);
    });
  });

  describe('requestKey', () => {
    it('depends on method, URL and body, but not on the API key', () => {
      const a = requestKey('GET', 'https://x.org/w?search=a&api_key=SECRET1');
      assert.equal(a, requestKey('GET', 'https://x.org/w?search=a&api_key=SECRET2'));
      assert.notEqual(a, requestKey('GET', 'https://x.org/w?search=b'));
      assert.notEqual(requestKey('POST', 'https://x.org/b', '1'), requestKey('POST', 'https://x.org/b', '2'));
      assert.equal(redactUrl('https://x.org/w?search=a&api_key=S'), 'https://x.org/w?search=a');
    });
    it('never writes a secret to disk', async () => {
      const cache = new ResponseCache(dir);
      const url = 'https://x.org/w?search=a&api_key=TOPSECRET';
      await cache.set(requestKey('GET', url), { status: 200, body: '{}', url });
      const all = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
      assert.ok(!fs.readFileSync(path.join(dir, all[0]), 'utf8').includes('TOPSECRET'));
    });
  });
});
