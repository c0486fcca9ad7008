/**
 * `npm run eval`: the masked-citation benchmark in-process, for trying ranking changes quickly.
 * Same cases, candidates and metric as `node ../shared/eval/score.mjs` (which runs the built CLI
 * and is the figure of record), but each index is built once and the ranking is called directly,
 * with Recall@10 / MRR@10 per draft and, with --show, every miss and where the cited work landed.
 *
 *   npm run eval -- [--task cite|discover|all] [--show] [--eval DIR] [--corpus FILE] [--cache DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { plainTextOf } from '../src/core/draft/plain';
import type { DraftFormat } from '../src/core/draft/types';
import { Library, type SourceSpec } from '../src/core/library';
import { rankText } from '../src/core/rank/rank';

const root = path.resolve(__dirname, '..');
const { values: args } = parseArgs({
  options: {
    task: { type: 'string', default: 'all' },
    show: { type: 'boolean', default: false },
    eval: { type: 'string', default: path.join(root, '..', 'shared', 'eval') },
    corpus: { type: 'string' },
    cache: { type: 'string', default: path.join(os.tmpdir(), 'related-work-eval') },
  },
});
const evalDir = path.resolve(args.eval);
const corpus = path.resolve(args.corpus ?? path.join(evalDir, '..', 'data', 'acl-anthology.jsonl.gz'));
const cacheDir = path.resolve(args.cache);
const task = args.task;
const show = args.show;
/** How deep to look for a missed work, to tell near misses from works the ranking never reaches (approximate: a deeper ranking re-scores more candidates). */
const MISS_DEPTH = 100;

interface Case {
  id: string;
  draft: string;
  format: DraftFormat;
  text: string;
  gold: { key: string; in_bib: boolean; acl_id: string | null }[];
}

function bibFilesOf(draft: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.bib')) out.push(p);
    }
  };
  walk(path.join(evalDir, 'drafts', draft));
  return out.sort();
}

async function score(name: 'cite' | 'discover', cases: Case[]) {
  const groups = new Map<string, Case[]>();
  for (const c of cases) {
    const golds = name === 'cite' ? c.gold.filter((g) => g.in_bib) : c.gold.filter((g) => g.acl_id);
    if (golds.length === 0) continue;
    const group = name === 'cite' ? c.draft : 'corpus';
    groups.set(group, [...(groups.get(group) ?? []), c]);
  }
  let total = 0;
  let hits = 0;
  let reciprocal = 0;
  const perDraft: Record<string, string> = {};
  const t0 = performance.now();
  for (const [group, qs] of groups) {
    const sources: SourceSpec[] =
      name === 'cite' ? bibFilesOf(group).map((file) => ({ file, role: 'bibliography' })) : [{ file: corpus, role: 'corpus' }];
    const library = await Library.open({ sources, cacheDir });
    for (const c of qs) {
      const text = plainTextOf(c.text, c.format);
      const ranked = rankText(library.index, text, { limit: 10 });
      // A deeper ranking re-scores more candidates, so it only locates misses, never scores.
      const deeper = () => rankText(library.index, text, { limit: MISS_DEPTH });
      const golds = name === 'cite' ? c.gold.filter((g) => g.in_bib).map((g) => g.key) : c.gold.filter((g) => g.acl_id).map((g) => g.acl_id!);
      for (const gold of golds) {
        const at = ranked.findIndex((s) => (name === 'cite' ? s.record.key : s.record.id) === gold);
        const tally = (perDraft[c.draft] ??= '0/0').split('/').map(Number);
        total++;
        tally[1]++;
        if (at >= 0 && at < 10) {
          hits++;
          tally[0]++;
          reciprocal += 1 / (at + 1);
        } else if (show) {
          const deep = deeper().findIndex((s) => (name === 'cite' ? s.record.key : s.record.id) === gold);
          console.log(`miss ${name} ${gold} at ${deep < 0 ? `>${MISS_DEPTH}` : `~${deep + 1}`}: ${text.slice(0, 160)}`);
        }
        perDraft[c.draft] = tally.join('/');
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${name}: R@10 ${(hits / total).toFixed(3)}  MRR@10 ${(reciprocal / total).toFixed(3)}  cited works ${total}  ${seconds.toFixed(1)} s  ${JSON.stringify(perDraft)}`);
}

async function main() {
  const casesFile = path.join(evalDir, 'cases.jsonl');
  if (!fs.existsSync(casesFile)) {
    console.error(`eval: ${casesFile}: not found (pass --eval DIR)`);
    process.exit(2);
  }
  const cases = fs
    .readFileSync(casesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Case);
  if (task === 'cite' || task === 'all') await score('cite', cases);
  if (task === 'discover' || task === 'all') await score('discover', cases);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
