/**
 * `npm run bench`: build time, cached-load time, paragraph query latency and peak RSS of the
 * engine on a large JSONL corpus, next to plain MiniSearch (default options, raw paragraph as
 * the query) measured in the same run. The engine's build and its warm start (loading the cache,
 * as after a restart) run in separate child processes, as does plain MiniSearch, so each peak
 * RSS is its own. The last line of output is JSON.
 *
 *   npm run bench -- [--corpus FILE] [--bib FILE]... [--cases FILE] [--naive-queries N] [--engine-only]
 *
 * The engine is timed as shipped: bundled (bench-engine.ts) with its analysis worker beside it.
 * --engine-only skips plain MiniSearch (half the run time), for quick before/after comparisons.
 * --bib adds a bibliography next to the corpus, as the extension has it. The warm start is followed
 * by prepareRanking, as in the extension's worker, and its time is reported apart (prepareMs).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import MiniSearch from 'minisearch';
import type { DraftFormat } from '../src/core/draft/types';
import type * as Engine from './bench-engine';

const root = path.resolve(__dirname, '..');
// The parent starts each measurement as a child of this script with --child-build / --child-warm /
// --child-naive CACHE_DIR, followed by its own arguments.
const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: path.join(root, '..', 'shared', 'data', 'acl-anthology.jsonl.gz') },
    bib: { type: 'string', multiple: true, default: [] },
    cases: { type: 'string', default: path.join(root, '..', 'shared', 'eval', 'cases.jsonl') },
    'naive-queries': { type: 'string', default: '25' },
    'engine-only': { type: 'boolean', default: false },
    'child-build': { type: 'string' },
    'child-warm': { type: 'string' },
    'child-naive': { type: 'string' },
  },
});
const corpus = path.resolve(args.corpus);
const sources = [...args.bib!.map((file) => ({ file: path.resolve(file), role: 'bibliography' as const })), { file: corpus, role: 'corpus' as const }];
const casesFile = path.resolve(args.cases);
const naiveQueries = Number(args['naive-queries']);

interface Query {
  text: string;
  format: DraftFormat;
}

function loadQueries(): Query[] {
  if (fs.existsSync(casesFile)) {
    return fs
      .readFileSync(casesFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Query);
  }
  // Without the benchmark cases, the example drafts' paragraphs stand in.
  return ['paper.tex', 'paper.md'].flatMap((f) => {
    const text = fs.readFileSync(path.join(root, 'examples', f), 'utf8');
    return text.split(/\n\s*\n/).map((p) => ({ text: p, format: (f.endsWith('.tex') ? 'latex' : 'markdown') as DraftFormat }));
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function latency(times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  const r = (x: number) => Number(x.toFixed(2));
  return { queries: s.length, p50Ms: r(percentile(s, 50)), p95Ms: r(percentile(s, 95)), maxMs: r(s[s.length - 1]) };
}

/** The bundled engine, in the children that time it (the parent passes its path). */
const ENGINE_ENV = 'RW_BENCH_ENGINE';
const engine = (): typeof Engine => require(process.env[ENGINE_ENV]!);

const ms = (t0: number) => Math.round(performance.now() - t0);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Cold: read, parse, index and write the cache (its own process, so its peak RSS is its own). */
async function engineBuild(cacheDir: string) {
  const { Library } = engine();
  const t0 = performance.now();
  const built = await Library.open({ sources });
  const buildMs = ms(t0);
  await built.save(cacheDir);
  return { papers: built.size, buildMs, peakRssMb: peakRssMb() };
}

/** Warm: a fresh process loading that cache (a restart), then the queries. */
async function engineWarm(cacheDir: string) {
  const { Library, prepareRanking, rankText, plainTextOf } = engine();
  let t0 = performance.now();
  const cached = await Library.open({ sources, cacheDir });
  const cachedLoadMs = ms(t0);
  if (!cached.fromCache) throw new Error('the cache was not used');
  t0 = performance.now();
  prepareRanking(cached.index);
  const prepareMs = ms(t0);
  const times: number[] = [];
  for (const q of loadQueries()) {
    const t = performance.now();
    rankText(cached.index, plainTextOf(q.text, q.format), { limit: 10 });
    times.push(performance.now() - t);
  }
  return { papers: cached.size, cachedLoadMs, prepareMs, query: latency(times), peakRssMb: peakRssMb() };
}

async function naive() {
  let t0 = performance.now();
  const raw = fs.readFileSync(corpus);
  // gzip magic bytes: the ACL corpus is gzipped, a corpus passed with --corpus may not be.
  const docs = (raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const r = JSON.parse(line);
      return { id: r.id, title: r.title, abstract: r.abstract ?? '' };
    });
  const search = new MiniSearch({ fields: ['title', 'abstract'] });
  search.addAll(docs);
  const buildMs = ms(t0);
  const json = JSON.stringify(search);
  t0 = performance.now();
  const loaded = MiniSearch.loadJSON(json, { fields: ['title', 'abstract'] });
  const cachedLoadMs = ms(t0);
  const times: number[] = [];
  for (const q of loadQueries().slice(0, naiveQueries)) {
    const t = performance.now();
    loaded.search(q.text).slice(0, 10);
    times.push(performance.now() - t);
  }
  return { papers: loaded.documentCount, buildMs, cachedLoadMs, query: latency(times), peakRssMb: peakRssMb() };
}

async function main() {
  const child = args['child-build'] ?? args['child-warm'] ?? args['child-naive'];
  if (child !== undefined) {
    const result = args['child-build'] ? await engineBuild(child) : args['child-warm'] ? await engineWarm(child) : await naive();
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  if (!fs.existsSync(corpus)) {
    console.error(`bench: ${corpus}: corpus not found (pass --corpus FILE)`);
    process.exit(2);
  }
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-bench-'));
  const codeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-bench-engine-'));
  const enginePath = path.join(codeDir, 'engine.cjs');
  const { bundle } = await import('./bundle-core.mjs');
  await bundle('scripts/bench-engine.ts', enginePath, { analysisWorker: true });
  const run = (child: string) => {
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, child, cacheDir, ...process.argv.slice(2)], {
      env: { ...process.env, [ENGINE_ENV]: enginePath },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`${child} exited ${r.status}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  };
  console.error(`corpus: ${corpus}`);
  console.error('engine: build…');
  const build = run('--child-build');
  console.error(JSON.stringify(build));
  console.error('engine: warm start and queries (a new process)…');
  const warm = run('--child-warm');
  console.error(JSON.stringify(warm));
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.rmSync(codeDir, { recursive: true, force: true });
  const ours = {
    papers: warm.papers,
    buildMs: build.buildMs,
    cachedLoadMs: warm.cachedLoadMs,
    prepareMs: warm.prepareMs,
    query: warm.query,
    peakRssMb: { build: build.peakRssMb, warm: warm.peakRssMb },
  };
  if (args['engine-only']) {
    console.log(JSON.stringify({ corpus: path.basename(corpus), node: process.version, engine: ours }));
    return;
  }
  console.error(`plain MiniSearch (first ${naiveQueries} queries)…`);
  const plain = run('--child-naive');
  console.error(JSON.stringify(plain));
  console.log(JSON.stringify({ corpus: path.basename(corpus), node: process.version, engine: ours, plainMiniSearch: plain }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
