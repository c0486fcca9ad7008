/**
 * The indexing worker (bundled to dist/corpusWorker.js, started by library/workerClient.ts): owns
 * the core Library so reading, parsing and indexing 100k papers never blocks the extension host.
 * Requests run one at a time in arrival order; a waiting request is dropped when a newer one of
 * the same `channel` arrives (see library/requestQueue.ts). After sources were switched or a file
 * re-read, the index is cached again once the worker has been idle for a few seconds (the save
 * runs exclusively too, so it never sees a half-updated library).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LibraryWorker } from './libraryWorker';
import { SupersedingQueue } from './requestQueue';
import type { WorkerRequest, WorkerResponse, WorkerSetup } from './protocol';

const port = parentPort;
if (!port) throw new Error('corpusWorker.js must run in a worker thread');

const worker = new LibraryWorker((workerData ?? {}) as WorkerSetup);
const queue = new SupersedingQueue<WorkerRequest>();
let draining = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
const SAVE_AFTER_IDLE_MS = 5000;

const post = (message: WorkerResponse) => port.postMessage(message);
/** Lets messages that arrived meanwhile reach the queue (and supersede) before the next request runs. */
const yieldToMessages = () => new Promise<void>((resolve) => setImmediate(resolve));

async function drain(): Promise<void> {
  if (draining) return;
  draining = true;
  if (saveTimer) clearTimeout(saveTimer);
  try {
    await yieldToMessages();
    for (let req = queue.shift(); req; req = queue.shift()) {
      const { id, method } = req;
      try {
        const result = await worker.handle(method, req.params, (progress) => post({ kind: 'progress', id, progress }));
        post({ kind: 'result', id, method, result } as WorkerResponse);
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        post({ kind: 'error', id, message: err.message, stack: err.stack });
      }
      await yieldToMessages();
    }
  } finally {
    draining = false;
  }
  if (worker.needsSave) saveTimer = setTimeout(() => void saveWhenIdle(), SAVE_AFTER_IDLE_MS);
}

async function saveWhenIdle(): Promise<void> {
  if (draining || queue.length > 0) return; // drain() reschedules
  draining = true;
  try {
    await worker.save();
  } catch {
    // The cache is an optimisation: a failed write only means a rebuild next time.
  } finally {
    draining = false;
  }
  if (queue.length > 0) void drain();
}

port.on('message', (req: WorkerRequest) => {
  for (const dropped of queue.push(req)) post({ kind: 'superseded', id: dropped.id });
  void drain();
});
