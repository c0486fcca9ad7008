import { strict as assert } from 'node:assert';
import { Debouncer, KeyedDebouncer } from '../../../src/extension/util/debounce';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedDebouncer', () => {
  it('runs only the last function of a burst, once, after the quiet period', async () => {
    const d = new KeyedDebouncer<string>(30);
    const calls: number[] = [];
    for (let i = 0; i < 5; i++) d.schedule('a.bib', () => calls.push(i));
    assert.equal(d.isPending('a.bib'), true);
    await sleep(10);
    assert.deepEqual(calls, []);
    await sleep(50);
    assert.deepEqual(calls, [4]);
    assert.equal(d.isPending('a.bib'), false);
  });

  it('keeps keys independent: a burst on one file does not delay another', async () => {
    const d = new KeyedDebouncer<string>(30);
    const calls: string[] = [];
    d.schedule('a', () => calls.push('a'));
    d.schedule('b', () => calls.push('b'));
    await sleep(20);
    d.schedule('a', () => calls.push('a2'));
    await sleep(20);
    assert.deepEqual(calls, ['b']);
    await sleep(30);
    assert.deepEqual(calls, ['b', 'a2']);
  });

  it('cancel and dispose drop waiting calls', async () => {
    const d = new KeyedDebouncer<string>(10);
    const calls: string[] = [];
    d.schedule('a', () => calls.push('a'));
    d.schedule('b', () => calls.push('b'));
    d.cancel('a');
    d.dispose();
    await sleep(30);
    assert.deepEqual(calls, []);
  });
});

describe('Debouncer', () => {
  it('coalesces triggers', async () => {
    let n = 0;
    const d = new Debouncer(20, () => n++);
    d.trigger();
    d.trigger();
    assert.equal(d.pending, true);
    await sleep(40);
    assert.equal(n, 1);
    d.dispose();
  });
});
