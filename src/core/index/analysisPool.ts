/**
 * Analysis of a large index build on two threads. Analysing the records is over half of a cold
 * build at 100k papers (DESIGN.md), and it is the same pure function for every record, so a
 * second thread (analysisWorker.ts) takes two batches in three while this one analyses the third
 * and builds the frozen segment from all of them, in order.
 *
 * The segment builder consumes a synchronous iterator, so this generator waits for the worker
 * synchronously (Atomics.wait on a shared counter, receiveMessageOnPort): that blocks only the
 * thread running the build — the extension's corpus worker or the CLI — never the editor's.
 * Batches stream through, so neither thread holds the whole corpus's analysed text at once.
 * If the worker cannot start or fails, the remaining batches are analysed here: the result is
 * the same documents in the same order either way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { PaperRecord } from '../model';
import { analyzeRecord, type AnalyzableRecord, type AnalyzedDocument } from './fields';

export interface AnalysisWorkerData {
  port: MessagePort;
  /** An Int32Array's buffer: replies posted so far. */
  signal: SharedArrayBuffer;
}
export interface AnalysisRequest {
  seq: number;
  /** Document number of the batch's first record. */
  first: number;
  records: AnalyzableRecord[];
}
export type AnalysisReply = { seq: number; documents: AnalyzedDocument[] } | { seq: number; error: string };

export interface AnalysisOptions {
  /** 2 to analyse on a second thread when there are enough records; default: 2 on a machine with 2+ cores. */
  threads?: number;
  /** Fewer records than this are analysed on this thread alone (default PARALLEL_MIN_RECORDS). */
  minRecords?: number;
  /** The worker's script instead of analysisWorker (tests start one that fails). */
  workerScript?: string;
  /** How long to wait for the worker's first reply before analysing everything here (default 10 s). */
  firstReplyTimeoutMs?: number;
  /** Told, at the end, how many records each thread analysed. */
  onDone?: (analysed: { here: number; worker: number }) => void;
}

/** Below this many records a second thread costs more to start (~0.1 s) than it saves. */
export const PARALLEL_MIN_RECORDS = 20_000;
const BATCH = 1024;
/** Of every three batches this thread analyses one: it also builds the segment from all three. */
const OWN_EVERY = 3;
/** Batches posted ahead, so the worker never idles while this thread builds. */
const AHEAD = 4;
/** The first reply also waits for the worker to start (compiling TypeScript, when run from source). */
const FIRST_REPLY_TIMEOUT_MS = 10_000;
/** Later replies are one batch of work behind: only a stuck worker takes this long. */
const REPLY_TIMEOUT_MS = 30_000;

/**
 * The analysed documents of `records`, numbered 0..n-1 in order, as `analyzeRecord` gives them.
 *
 * @example FrozenSegment.build(analysedDocuments(records))
 */
export function* analysedDocuments(records: readonly PaperRecord[], options: AnalysisOptions = {}): Generator<AnalyzedDocument> {
  const threads = options.threads ?? (os.availableParallelism?.() ?? os.cpus().length);
  const helper = threads > 1 && records.length >= (options.minRecords ?? PARALLEL_MIN_RECORDS) ? Helper.start(options) : undefined;
  if (!helper) {
    for (let i = 0; i < records.length; i++) yield analyzeRecord(records[i], i);
    options.onDone?.({ here: records.length, worker: 0 });
    return;
  }
  let byWorker = 0;
  try {
    const batches = Math.ceil(records.length / BATCH);
    const ownBatch = (b: number) => b % OWN_EVERY === 0;
    const slice = (b: number) => records.slice(b * BATCH, Math.min(records.length, (b + 1) * BATCH));
    let posted = 0; // next batch to consider posting
    const postAhead = () => {
      while (helper.healthy && helper.inFlight < AHEAD && posted < batches) {
        const b = posted++;
        if (!ownBatch(b)) helper.post({ seq: b, first: b * BATCH, records: slice(b).map(analyzable) });
      }
    };
    for (let b = 0; b < batches; b++) {
      postAhead();
      const documents = ownBatch(b) ? undefined : helper.take(b);
      if (documents) {
        byWorker += documents.length;
        yield* documents;
      } else {
        const first = b * BATCH;
        const own = slice(b);
        for (let i = 0; i < own.length; i++) yield analyzeRecord(own[i], first + i);
      }
    }
  } finally {
    helper.close();
  }
  options.onDone?.({ here: records.length - byWorker, worker: byWorker });
}

/** What analysis reads of a record: cloning only this keeps the messages small. */
const analyzable = ({ title, abstract, authors, venue }: PaperRecord): AnalyzableRecord => ({ title, abstract, authors, venue });

/** The bundled worker beside this code (dist/), or, running from source, the source file through tsx. */
function startWorker(data: AnalysisWorkerData, script?: string): Worker | undefined {
  const options = { workerData: data, transferList: [data.port] };
  if (script) return new Worker(script, options);
  // __filename, not __dirname: tsx's ESM loader gives modules a data: URL for __dirname.
  const here = path.dirname(__filename);
  const bundled = path.join(here, 'analysisWorker.js');
  if (fs.existsSync(bundled)) return new Worker(bundled, options);
  const source = path.join(here, 'analysisWorker.ts');
  if (!fs.existsSync(source)) return undefined;
  // A worker does not inherit tsx's loader: register it there first.
  const tsx = require.resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, { ...options, eval: true });
}

class Helper {
  inFlight = 0;
  healthy = true;
  private replies = 0;
  private readonly received = new Map<number, AnalyzedDocument[]>();
  private readonly counter: Int32Array;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    signal: SharedArrayBuffer,
    private readonly firstReplyTimeoutMs: number,
  ) {
    this.counter = new Int32Array(signal);
  }

  static start(options: AnalysisOptions): Helper | undefined {
    try {
      const signal = new SharedArrayBuffer(4);
      const { port1, port2 } = new MessageChannel();
      const worker = startWorker({ port: port2, signal }, options.workerScript);
      if (!worker) return undefined;
      // A worker that fails is noticed by its missing replies; its error event must not crash the build.
      worker.on('error', () => undefined);
      worker.unref();
      return new Helper(worker, port1, signal, options.firstReplyTimeoutMs ?? FIRST_REPLY_TIMEOUT_MS);
    } catch {
      return undefined;
    }
  }

  post(request: AnalysisRequest): void {
    this.port.postMessage(request);
    this.inFlight++;
  }

  /** The worker's documents for batch `seq`, or undefined when it failed or is too slow (then it gets no more batches). */
  take(seq: number): AnalyzedDocument[] | undefined {
    const deadline = Date.now() + (this.replies === 0 ? this.firstReplyTimeoutMs : REPLY_TIMEOUT_MS);
    while (this.healthy) {
      // Read the counter before draining: a reply posted after this read makes the wait return at once.
      const seen = Atomics.load(this.counter, 0);
      this.drain();
      const documents = this.received.get(seq);
      if (documents) {
        this.received.delete(seq);
        return documents;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      Atomics.wait(this.counter, 0, seen, left);
    }
    this.healthy = false;
    return undefined;
  }

  private drain(): void {
    for (let message = receiveMessageOnPort(this.port); message; message = receiveMessageOnPort(this.port)) {
      const reply = message.message as AnalysisReply;
      this.inFlight--;
      this.replies++;
      if ('error' in reply) this.healthy = false;
      else this.received.set(reply.seq, reply.documents);
    }
  }

  close(): void {
    this.port.close();
    void this.worker.terminate();
  }
}
