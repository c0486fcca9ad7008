/**
 * The second thread of a large index build (analysisPool.ts): analyses the batches of records it
 * is sent and posts each batch's documents back, then bumps a shared counter so the builder,
 * which waits synchronously, wakes up.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeRecord } from './fields';
import type { AnalysisReply, AnalysisRequest, AnalysisWorkerData } from './analysisPool';

const { port, signal } = workerData as AnalysisWorkerData;
const posted = new Int32Array(signal);

port.on('message', ({ seq, first, records }: AnalysisRequest) => {
  let reply: AnalysisReply;
  try {
    reply = { seq, documents: records.map((record, i) => analyzeRecord(record, first + i)) };
  } catch (e) {
    reply = { seq, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
  Atomics.add(posted, 0, 1);
  Atomics.notify(posted, 0);
});
// Nothing comes on the parent port: the builder talks over `port` only.
parentPort?.unref();
