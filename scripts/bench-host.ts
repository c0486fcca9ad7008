/**
 * `npm run bench:host`: how long the extension host's main thread stalls while the indexing
 * worker builds, loads and queries a large corpus. Plays the extension host in plain Node: starts
 * dist/corpusWorker.js through the same WorkerClient the extension uses (library/workerClient.ts,
 * no `vscode`), sends the requests WorkerLibraryService and the sidebar send (`configure` with the
 * sources, the cache dir as workerData, then `suggest` on the 'sidebar' channel), and watches the main thread with
 * perf_hooks.monitorEventLoopDelay plus a setInterval gap tracker.
 *
 * Phases: cold build (fresh temp cache dir), warm load (same cache dir, a new worker, as after a
 * restart), queries (sidebar paragraph rankings, one after another, on the warm worker). Per phase:
 * wall time, the longest main-thread stall (max of histogram, less its 10 ms sampling period, and
 * gap tracker; histMaxMs is the histogram's raw maximum) and the worker-side
 * time (its event loop's active time; for loads also the worker's own LoadSummary.ms).
 * The last line of output is JSON. Build the bundles first (`npm run build`).
 *
 *   npm run bench:host -- [--corpus FILE] [--cases FILE] [--queries N] [--no-default-corpus] [--worker FILE] [--keep-cache]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import type { SourceSpec } from '../src/core/library';
import { WorkerClient } from '../src/extension/library/workerClient';
import type { SuggestRequest } from '../src/core/engine';
import type { LoadSummary, WorkerSetup } from '../src/extension/worker/protocol';

const root = path.resolve(__dirname, '..');
const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: path.join(root, '..', 'shared', 'data', 'acl-anthology.jsonl.gz') },
    cases: { type: 'string', default: path.join(root, '..', 'shared', 'eval', 'cases.jsonl') },
    queries: { type: 'string', default: '50' },
    worker: { type: 'string', default: path.join(root, 'dist', 'corpusWorker.js') },
    'no-default-corpus': { type: 'boolean', default: false },
    'keep-cache': { type: 'boolean', default: false },
  },
});
const corpus = path.resolve(args.corpus);
const casesFile = path.resolve(args.cases);
const queryCount = Number(args.queries);
const workerScript = path.resolve(args.worker);
/** The stall budget of the issue. */
const BUDGET_MS = 50;
/** The sidebar's channel and default limit (relatedWork.maxResults). */
const CHANNEL = 'sidebar';
const LIMIT = 20;
/** Sampling period of the histogram and the gap tracker. */
const RESOLUTION_MS = 10;

const log = (s: string) => process.stderr.write(`${s}\n`);
const round = (x: number, d = 1) => Number(x.toFixed(d));

if (!fs.existsSync(workerScript)) {
  log(`${path.relative(process.cwd(), workerScript)} is missing: run "npm run build" first`);
  process.exit(2);
}
if (!fs.existsSync(corpus)) {
  log(`corpus ${corpus} not found (pass --corpus FILE)`);
  process.exit(2);
}

/** What the extension configures with this corpus in settings and a draft open: bib, corpus, bundled corpus. */
function sources(): SourceSpec[] {
  const list: SourceSpec[] = [];
  const bib = path.join(root, 'examples', 'references.bib');
  if (fs.existsSync(bib)) list.push({ file: bib, role: 'bibliography' });
  list.push({ file: corpus, role: 'corpus' });
  const bundled = path.join(root, 'data', 'default-corpus.jsonl');
  if (!args['no-default-corpus'] && fs.existsSync(bundled)) list.push({ file: bundled, role: 'default' });
  return list;
}

/** Paragraph texts, as the sidebar sends them: the benchmark cases, else examples/paper.tex paragraphs. */
function paragraphs(n: number): string[] {
  let texts: string[];
  if (fs.existsSync(casesFile)) {
    texts = fs
      .readFileSync(casesFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text);
  } else {
    texts = fs
      .readFileSync(path.join(root, 'examples', 'paper.tex'), 'utf8')
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p.length > 80 && !p.startsWith('\\'));
  }
  if (!texts.length) throw new Error('no paragraphs to query with');
  // Spread over the whole file (cases come grouped by draft), repeating when there are fewer.
  const step = Math.max(1, Math.floor(texts.length / n));
  return Array.from({ length: n }, (_, i) => texts[(i * step) % texts.length]);
}

/**
 * The main thread's time on a CPU and waiting for one (ms, Linux only): tells a stall caused by
 * work on the host thread from one where the OS did not schedule it (2 busy cores, a worker
 * indexing on one of them). Reading it costs ~10 µs.
 */
const schedstatFile = `/proc/self/task/${process.pid}/schedstat`;
const hasSchedstat = fs.existsSync(schedstatFile);
function schedstat(): { run: number; wait: number } | undefined {
  if (!hasSchedstat) return undefined;
  const [run, wait] = fs.readFileSync(schedstatFile, 'utf8').split(' ').map(Number);
  return { run: run / 1e6, wait: wait / 1e6 };
}

interface Gap {
  ms: number;
  /** Since the phase started. */
  atMs: number;
  /** Of the gap: the host thread ran (its own work, GC) / waited for a CPU. */
  runMs?: number;
  waitMs?: number;
}

/** Watches the main thread: event-loop delay histogram plus a setInterval gap tracker. */
class StallMonitor {
  private readonly histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private readonly interval = RESOLUTION_MS;
  private timer: ReturnType<typeof setInterval> | undefined;
  private started = 0;
  private last = 0;
  private lastSched: { run: number; wait: number } | undefined;
  private maxGap: Gap = { ms: 0, atMs: 0 };
  private maxRun = 0;
  private gaps: Gap[] = [];
  private gcMax = 0;
  private gcTotal = 0;
  /** Main-thread GC pauses over 10 ms: when (since the phase started) and how long. */
  private gcLong: { atMs: number; ms: number }[] = [];
  private readonly gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      this.gcTotal += e.duration;
      if (e.duration > this.gcMax) this.gcMax = e.duration;
      if (e.duration > 10) this.gcLong.push({ atMs: Math.round(e.startTime - this.started), ms: round(e.duration) });
    }
  });

  start(): void {
    this.histogram.enable();
    this.gc.observe({ entryTypes: ['gc'] });
    this.started = this.last = performance.now();
    this.lastSched = schedstat();
    this.timer = setInterval(() => {
      const now = performance.now();
      const sched = schedstat();
      // The excess over the interval: how long the loop could not run timers.
      const ms = now - this.last - this.interval;
      const gap: Gap = { ms: round(ms), atMs: Math.round(now - this.started) };
      if (sched && this.lastSched) {
        gap.runMs = round(sched.run - this.lastSched.run);
        gap.waitMs = round(sched.wait - this.lastSched.wait);
        if (gap.runMs > this.maxRun) this.maxRun = gap.runMs;
      }
      this.last = now;
      this.lastSched = sched;
      if (ms > this.maxGap.ms) this.maxGap = gap;
      if (ms > BUDGET_MS) this.gaps.push(gap);
    }, this.interval);
  }

  stop() {
    clearInterval(this.timer);
    this.histogram.disable();
    this.gc.disconnect();
    // The histogram records the whole time between its timer's callbacks, the 10 ms resolution
    // included (an idle loop reads ~10.2 ms): the stall is what exceeds it.
    const histMaxMs = this.histogram.max / 1e6;
    const result = {
      stallMs: round(Math.max(histMaxMs - RESOLUTION_MS, this.maxGap.ms)),
      histMaxMs: round(histMaxMs),
      histP99Ms: round(this.histogram.percentile(99) / 1e6),
      /**
       * The most CPU time the host thread used between two ticks (its own work and GC; Linux): the
       * part of a stall the host code causes. The rest is waiting for a CPU or blocked.
       */
      hostRunMaxMs: hasSchedstat ? this.maxRun : null,
      /** The longest setInterval gap, with the host thread's run / wait time during it. */
      gapMax: this.maxGap,
      /** Main-thread garbage collection: longest pause and total. */
      gcMaxMs: round(this.gcMax),
      gcTotalMs: round(this.gcTotal),
      gcOver10Ms: this.gcLong,
      /** Gaps over the budget, in order. */
      overBudget: this.gaps,
    };
    this.histogram.reset();
    return result;
  }
}

/** The worker's active event-loop time (ms): what it spent working, as seen from the host. */
function workerActiveMs(client: WorkerClient): number {
  // The client keeps its Worker private; the bench reads its event-loop utilization only.
  const w = (client as unknown as { worker?: Worker }).worker;
  return w ? w.performance.eventLoopUtilization().active : 0;
}

const newClient = (cacheDir: string) =>
  new WorkerClient({
    script: workerScript,
    workerOptions: { name: 'related-work-index', workerData: { cacheDir } satisfies WorkerSetup },
    onCrash: (err) => log(`worker crashed: ${err.message}`),
  });

async function load(client: WorkerClient, expectCache: boolean) {
  const monitor = new StallMonitor();
  const progress: unknown[] = [];
  monitor.start();
  const t0 = performance.now();
  const summary: LoadSummary = await client.request(
    'configure',
    { sources: sources() },
    { onProgress: (p) => progress.push(p) },
  );
  const wallMs = performance.now() - t0;
  // Let the host settle for a moment (what follows a result, e.g. a late GC, still counts).
  await new Promise((r) => setTimeout(r, 100));
  const stall = monitor.stop();
  if (summary.fromCache !== expectCache) throw new Error(`expected fromCache=${expectCache}, got ${summary.fromCache}`);
  return {
    wallMs: Math.round(wallMs),
    ...stall,
    workerMs: summary.ms,
    workerActiveMs: Math.round(workerActiveMs(client)),
    papers: summary.papers,
    fromCache: summary.fromCache,
    problems: summary.errors.length,
    summaryBytes: Buffer.byteLength(JSON.stringify(summary)),
    progressMessages: progress.length,
  };
}

async function queries(client: WorkerClient, texts: string[]) {
  const monitor = new StallMonitor();
  const before = workerActiveMs(client);
  const times: number[] = [];
  let results = 0;
  monitor.start();
  const t0 = performance.now();
  for (const text of texts) {
    // What the sidebar sends: the editor's text and where the cursor is.
    const request: SuggestRequest = { draft: { text, format: 'text' }, scope: { kind: 'paragraph', offset: 0 }, limit: LIMIT };
    const q0 = performance.now();
    const { suggestions } = await client.request('suggest', request, { channel: CHANNEL });
    times.push(performance.now() - q0);
    results += suggestions.length;
  }
  const wallMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 100));
  const stall = monitor.stop();
  const sorted = [...times].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return {
    wallMs: Math.round(wallMs),
    ...stall,
    workerActiveMs: Math.round(workerActiveMs(client) - before),
    queries: texts.length,
    results,
    p50Ms: round(pct(50)),
    p95Ms: round(pct(95)),
    maxMs: round(sorted[sorted.length - 1]),
  };
}

async function main() {
  // Stalls over the budget with little host CPU time (hostRunMaxMs) are waits for a CPU: read
  // them next to how busy the machine was.
  const machine = { cpus: os.availableParallelism(), loadAvg1: round(os.loadavg()[0], 2) };
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-bench-host-'));
  const texts = paragraphs(queryCount);
  try {
    log(`cold build of ${path.basename(corpus)} (cache ${cacheDir}) ...`);
    const coldClient = newClient(cacheDir);
    const cold = await load(coldClient, false);
    await coldClient.terminate();
    log(`  ${cold.wallMs} ms, longest stall ${cold.stallMs} ms`);

    log('warm load (new worker, same cache) ...');
    const warmClient = newClient(cacheDir);
    const warm = await load(warmClient, true);
    log(`  ${warm.wallMs} ms, longest stall ${warm.stallMs} ms`);

    log(`${texts.length} sidebar suggest requests ...`);
    const q = await queries(warmClient, texts);
    await warmClient.terminate();
    log(`  ${q.wallMs} ms, longest stall ${q.stallMs} ms`);

    const longestStallMs = Math.max(cold.stallMs, warm.stallMs, q.stallMs);
    console.log(
      JSON.stringify({
        corpus: path.basename(corpus),
        node: process.version,
        machine,
        loadAvg1After: round(os.loadavg()[0], 2),
        budgetMs: BUDGET_MS,
        longestStallMs,
        withinBudget: longestStallMs <= BUDGET_MS,
        coldBuild: cold,
        warmLoad: warm,
        queries: q,
      }),
    );
  } finally {
    if (!args['keep-cache']) fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
