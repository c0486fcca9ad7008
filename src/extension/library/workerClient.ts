/**
 * The host side of the worker connection (no `vscode` import; unit-tested with a stub worker):
 * request ids, typed promises, progress callbacks, and crash handling. A worker that dies
 * (uncaught exception, out of memory, exit) rejects every pending request and is started again
 * by the next request; the extension host itself is never taken down.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { LoadProgress } from '../../core/library';
import type { IDisposable } from '../util/dispose';
import type { ParamsOf, ResultOf, WorkerMethod, WorkerRequest, WorkerResponse } from '../worker/protocol';

/** A request was dropped because a newer one of the same channel arrived first: ignore it. */
export class SupersededError extends Error {
  override readonly name = 'SupersededError';
  constructor() {
    super('superseded by a newer request');
  }
}

/** The worker stopped (crash, out of memory) while this request was pending. */
export class WorkerCrashedError extends Error {
  override readonly name = 'WorkerCrashedError';
}

export interface RequestOptions {
  channel?: string;
  onProgress?: (progress: LoadProgress) => void;
}

interface Pending {
  resolve: (value: never) => void;
  reject: (err: Error) => void;
  onProgress?: (progress: LoadProgress) => void;
}

export interface WorkerClientOptions {
  script: string;
  workerOptions?: WorkerOptions;
  /** Called once per crash, after the pending requests were rejected. */
  onCrash?: (err: WorkerCrashedError) => void;
}

export class WorkerClient implements IDisposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;
  /** Times a worker was started (1 after the first request; more after crashes). */
  starts = 0;

  constructor(private readonly options: WorkerClientOptions) {}

  /** True when a worker thread is running. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  request<M extends WorkerMethod>(method: M, params: ParamsOf<M>, opts: RequestOptions = {}): Promise<ResultOf<M>> {
    if (this.disposed) return Promise.reject(new Error('the library is disposed'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: never) => void, reject, onProgress: opts.onProgress });
      const message = { kind: 'request', id, method, params, channel: opts.channel } as WorkerRequest;
      try {
        worker.postMessage(message);
      } catch (e) {
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Stops the worker (pending requests are rejected). The next request starts a new one. */
  async terminate(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.detach(w, new WorkerCrashedError('the indexing worker was stopped'), false);
    await w.terminate();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.options.script, this.options.workerOptions);
    this.starts++;
    w.on('message', (m: WorkerResponse) => this.onMessage(m));
    w.on('error', (err) => this.crashed(w, `the indexing worker crashed: ${err.message}`));
    w.on('messageerror', (err) => this.crashed(w, `the indexing worker sent an unreadable message: ${err.message}`));
    w.on('exit', (code) => this.crashed(w, `the indexing worker exited (code ${code})`));
    this.worker = w;
    return w;
  }

  private onMessage(m: WorkerResponse): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    switch (m.kind) {
      case 'progress':
        p.onProgress?.(m.progress);
        return;
      case 'result':
        this.pending.delete(m.id);
        p.resolve(m.result as never);
        return;
      case 'superseded':
        this.pending.delete(m.id);
        p.reject(new SupersededError());
        return;
      case 'error': {
        this.pending.delete(m.id);
        const err = new Error(m.message);
        if (m.stack) err.stack = m.stack;
        p.reject(err);
        return;
      }
    }
  }

  private crashed(w: Worker, message: string): void {
    // 'error' is followed by 'exit': only the first event of the current worker counts.
    if (this.worker !== w) return;
    const err = new WorkerCrashedError(message);
    this.detach(w, err, true);
  }

  private detach(w: Worker, err: WorkerCrashedError, notify: boolean): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
    if (notify && !this.disposed) this.options.onCrash?.(err);
  }
}
