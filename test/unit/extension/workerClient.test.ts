import { strict as assert } from 'node:assert';
import { SupersededError, WorkerClient, WorkerCrashedError } from '../../../src/extension/library/workerClient';

// A stand-in for corpusWorker.js speaking the same protocol: echoes, fails, crashes, or answers slowly.
const STUB = `
const { parentPort } = require('node:worker_threads');
const queue = [];
let busy = false;
parentPort.on('message', (req) => {
  const { id, method, params, channel } = req;
  if (channel !== undefined) {
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i].channel === channel) { parentPort.postMessage({ kind: 'superseded', id: queue[i].id }); queue.splice(i, 1); }
  }
  queue.push(req);
  if (!busy) { busy = true; setImmediate(next); }
});
function next() {
  const req = queue.shift();
  if (!req) { busy = false; return; }
  busy = true;
  const { id, method, params } = req;
  if (params.query === 'crash') return setTimeout(() => process.exit(3), 20);
  if (params.query === 'throw-async') setImmediate(() => { throw new Error('boom'); });
  if (params.query === 'fail') { parentPort.postMessage({ kind: 'error', id, message: 'bad request' }); return setImmediate(next); }
  const delay = params.query === 'slow' ? 80 : 0;
  parentPort.postMessage({ kind: 'progress', id, progress: { phase: 'read', file: 'x.bib', done: 0, total: 1 } });
  setTimeout(() => { parentPort.postMessage({ kind: 'result', id, method, result: [{ echo: params.query }] }); next(); }, delay);
}
`;

describe('WorkerClient', () => {
  let client: WorkerClient;
  let crashes: WorkerCrashedError[];
  beforeEach(() => {
    crashes = [];
    client = new WorkerClient({ script: STUB, workerOptions: { eval: true }, onCrash: (e) => crashes.push(e) });
  });
  afterEach(() => client.dispose());

  it('matches responses to requests and passes progress', async () => {
    const progress: unknown[] = [];
    const [a, b] = await Promise.all([
      client.request('search', { query: 'a' }, { onProgress: (p) => progress.push(p) }),
      client.request('search', { query: 'b' }),
    ]);
    assert.deepEqual([a, b], [[{ echo: 'a' }], [{ echo: 'b' }]]);
    assert.deepEqual(progress, [{ phase: 'read', file: 'x.bib', done: 0, total: 1 }]);
    assert.equal(client.starts, 1);
  });

  it('rejects with the worker error message', async () => {
    await assert.rejects(client.request('search', { query: 'fail' }), /bad request/);
  });

  it('rejects superseded requests with SupersededError, answers the newest', async () => {
    const slow = client.request('search', { query: 'slow' });
    const older = client.request('search', { query: 'one' }, { channel: 'c' });
    const newer = client.request('search', { query: 'two' }, { channel: 'c' });
    await assert.rejects(older, SupersededError);
    assert.deepEqual(await newer, [{ echo: 'two' }]);
    await slow;
  });

  it('survives a crash: pending requests reject, onCrash is called once, the next request restarts the worker', async () => {
    const [before, crash, after] = await Promise.allSettled([
      client.request('search', { query: 'slow' }),
      client.request('search', { query: 'crash' }),
      client.request('search', { query: 'queued behind the crash' }),
    ]);
    assert.deepEqual(before, { status: 'fulfilled', value: [{ echo: 'slow' }] });
    assert.equal(crash.status, 'rejected');
    assert.ok((crash as PromiseRejectedResult).reason instanceof WorkerCrashedError);
    assert.match(String((crash as PromiseRejectedResult).reason), /exited \(code 3\)/);
    assert.equal(after.status, 'rejected');
    assert.equal(crashes.length, 1);
    assert.equal(client.running, false);
    assert.deepEqual(await client.request('search', { query: 'again' }), [{ echo: 'again' }]);
    assert.equal(client.starts, 2);
  });

  it('an uncaught exception in the worker is a crash too', async () => {
    await client.request('search', { query: 'throw-async' }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(crashes.length, 1);
    assert.match(crashes[0].message, /boom/);
  });

  it('terminate rejects pending requests without reporting a crash; dispose refuses new requests', async () => {
    const rejected = assert.rejects(client.request('search', { query: 'slow' }), WorkerCrashedError);
    await client.terminate();
    await rejected;
    assert.equal(crashes.length, 0);
    client.dispose();
    await assert.rejects(client.request('search', { query: 'x' }), /disposed/);
  });
});
