/**
 * `npm run eval`: the masked-citation benchmark in-process, for trying ranking changes quickly.
 * Same cases, candidates and metric as `node ../shared/eval/score.mjs` (which runs the built CLI
 * and is the figure of record), but each index is built once and the ranking is called directly,
 * with Recall@10 / MRR@10 per draft and, with --show, every miss and where the cited work landed.
 *
 *   npm run eval -- [--task cite|discover|all] [--show] [--set name=value,...]
 *   npm run eval -- --lodo     choose the ranking parameters on 13 drafts, score the 14th, rotating
 *   npm run eval -- --sweep    each parameter's values one at a time: pooled figures, drafts won / lost
 *   npm run eval -- --draft --task cite --fit
 *                              fit the bibliography model (src/core/rank/bibliographyModel.ts) on every
 *                              draft and write it; --lodo refits it on each fold's 13 drafts
 *   common: [--draft [--in-order]] [--only name,...] [--eval DIR] [--corpus FILE] [--cache DIR]
 *
 * --draft also gives each query what the extension and `suggest` read of its draft there
 * (paragraphRequest, with every file of the draft): the case is found in its paragraph of the
 * draft (eval/drafts.ts), and the query gets that paragraph's section title and the draft's title as
 * context and, for *cite*, what the draft says around its citations outside that paragraph
 * (rank/citingContexts.ts), and the citation point: where the case's citation is, as the cursor
 * of a writer citing there (eval/drafts.ts citationPointOf; found for 381 of 557 cite queries).
 * The query text stays the case's window. score.mjs cannot measure this: `rank` receives
 * passages, not drafts.
 *
 * --draft reads the whole draft but the case's paragraph, so the .bib entries it cites nowhere else
 * are mostly the ones the paragraph cites: a bias no user writing a draft sees (their .bib holds
 * many entries still to cite). --in-order reads only what precedes the paragraph, the draft as it
 * stood had it been written front to back; a change worth keeping gains under both.
 *
 * Why leave-one-draft-out: the parameters were once set on four drafts and lost a fifth of their
 * lead on drafts they had not seen. A value is only worth keeping if the drafts that did not
 * choose it gain from it too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { plainTextOf } from '../src/core/draft/scan';
import type { DraftFormat } from '../src/core/draft/types';
import { Library, type SourceSpec } from '../src/core/library';
import { gatherCandidates, type Candidate, type GatherParameters } from '../src/core/rank/candidates';
import { fuse, type FusionParameters } from '../src/core/rank/fusion';
import { paragraphRequest, rankText, requestOptions, type RankOptions } from '../src/core/rank/rank';
import { DEFAULT_PARAMETERS, rankingParameters, type RankingParameters } from '../src/core/rank/parameters';
import { AuthorProfile } from '../src/core/rank/authorAffinity';
import { coordinateAscent, foldsOf, summarise, type Outcome, type Task } from './eval/lodo';
import { fitPairwise } from './eval/fit';
import { BIBLIOGRAPHY_FEATURES, BIBLIOGRAPHY_MODEL, bibliographyFeatures, type LinearModel } from '../src/core/rank/bibliographyModel';
import { citationPointOf, locate, readDraft } from './eval/drafts';

const root = path.resolve(__dirname, '..');
const { values: args } = parseArgs({
  options: {
    task: { type: 'string', default: 'all' },
    show: { type: 'boolean', default: false },
    lodo: { type: 'boolean', default: false },
    sweep: { type: 'boolean', default: false },
    set: { type: 'string', default: '' },
    draft: { type: 'boolean', default: false },
    'in-order': { type: 'boolean', default: false },
    only: { type: 'string' },
    fit: { type: 'boolean', default: false },
    eval: { type: 'string', default: path.join(root, '..', 'shared', 'eval') },
    corpus: { type: 'string' },
    cache: { type: 'string', default: path.join(os.tmpdir(), 'related-work-eval') },
  },
});
const evalDir = path.resolve(args.eval);
const corpus = path.resolve(args.corpus ?? path.join(evalDir, '..', 'data', 'acl-anthology.jsonl.gz'));
const cacheDir = path.resolve(args.cache);
const tasks: Task[] = args.task === 'all' ? ['cite', 'discover'] : [args.task as Task];
/** How deep to look for a missed work, to tell near misses from works the ranking never reaches (approximate: a deeper ranking re-scores more candidates). */
const MISS_DEPTH = 100;

/**
 * The values tried for each parameter by --lodo and --sweep: the shipped value and its neighbours
 * on either side, including "off" where a heuristic can be switched off.
 */
const GRID: { [K in keyof RankingParameters]?: number[] } = {
  maxTerms: [10, 12, 15, 20, 25],
  rerankDepth: [20, 30, 50, 100],
  nameMatches: [0, 1, 2, 3, 4],
  maxPapersPerName: [1, 3, 5, 10],
  introducedNameWeight: [0, 0.5, 1],
  acronymWeight: [0, 0.5, 1, 2],
  eponymWeight: [0, 1, 2, 3],
  lengthPower: [0, 0.5, 0.75, 1, 1.5, 2],
  firstStageWeight: [0, 0.25, 0.5, 1, 2, 4],
  titleWeight: [0, 0.25, 0.5, 1, 2, 4],
  feedbackWeight: [0, 0.25, 0.5, 0.75, 1],
  feedbackDocs: [3, 5, 10],
  ...(args.draft
    ? {
        contextWeight: [0, 0.15, 0.3, 0.5],
        citingWeight: [0, 0.5, 1, 2, 3, 4, 6],
        authorFirstStage: [0, 0.5, 1, 2, 4, 8],
        authorWeight: [0, 0.25, 0.5, 1, 2],
        pointWords: [0, 2, 4, 8],
      }
    : {}),
};
// --only: search or sweep these parameters alone, the others held at their given values.
if (args.only) {
  const only = new Set(args.only.split(','));
  for (const name of only) if (!(name in GRID)) throw new Error(`--only: "${name}" is no parameter of the grid (${Object.keys(GRID).join(', ')})`);
  for (const name of Object.keys(GRID)) if (!only.has(name)) delete GRID[name as keyof RankingParameters];
}

interface Case {
  id: string;
  draft: string;
  format: DraftFormat;
  text: string;
  gold: { key: string; in_bib: boolean; acl_id: string | null }[];
}

/** One query of one task: its plain text, the index it runs on, the works it should find. */
interface Query {
  task: Task;
  draft: string;
  text: string;
  library: Library;
  golds: string[];
  /** What the query reads of its draft (--draft). */
  draftOptions: Pick<RankOptions, 'context' | 'citing' | 'profile' | 'point'>;
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

const goldsOf = (task: Task, c: Case) =>
  task === 'cite' ? c.gold.filter((g) => g.in_bib).map((g) => g.key) : c.gold.filter((g) => g.acl_id).map((g) => g.acl_id!);

const drafts = new Map<string, ReturnType<typeof readDraft>>();
let unlocated = 0;
/** Queries whose citation point was found (citationPointOf). */
let located = 0;

/** What the extension would read of the case's draft where the case is (nothing when it cannot be found there). */
async function draftOptionsOf(c: Case, text: string, task: Task): Promise<Query['draftOptions']> {
  if (!drafts.has(c.draft)) drafts.set(c.draft, readDraft(path.join(evalDir, 'drafts', c.draft)));
  const draft = await drafts.get(c.draft);
  const site = draft && locate(draft, text);
  if (!site) {
    unlocated++;
    return {};
  }
  let companions = draft.files.filter((f) => f.draft !== site.draft).map((f) => f.draft);
  let written = site.draft;
  if (args['in-order']) {
    // The draft as it stood when the paragraph was written, had it been written front to back:
    // the files before its own (the root, then included files in document order) and its file up to it.
    companions = draft.files.slice(0, draft.files.findIndex((f) => f.draft === site.draft)).map((f) => f.draft);
    written = { ...site.draft, paragraphs: site.draft.paragraphs.filter((p) => p.end <= site.paragraph.start) };
  }
  const keys = new Set(c.gold.map((g) => g.key));
  const point = citationPointOf(draft, site, { text: c.text, format: c.format, keys });
  if (point) located++;
  const { context, citing } = requestOptions(paragraphRequest(written, site.paragraph, companions, point));
  return task === 'cite' ? { context, citing, point } : { context, profile: await profileOf(c), point };
}

/**
 * The authors of the draft's .bib but the works this case cites: what the user's bibliography
 * says of them before they added these (for *cite* the index is the .bib itself, which ranking
 * reads as the profile, each entry never counting for itself).
 */
async function profileOf(c: Case): Promise<AuthorProfile> {
  const bib = await openLibrary(`bib:${c.draft}`, bibSources(c.draft));
  const cited = new Set(c.gold.map((g) => g.key));
  return AuthorProfile.of([...bib.index.records()].filter((r) => !(r.key && cited.has(r.key))));
}

const libraries = new Map<string, Promise<Library>>();
function openLibrary(name: string, sources: SourceSpec[]): Promise<Library> {
  if (!libraries.has(name)) libraries.set(name, Library.open({ sources, cacheDir }));
  return libraries.get(name)!;
}
const bibSources = (draft: string): SourceSpec[] => bibFilesOf(draft).map((file) => ({ file, role: 'bibliography' }));

async function queriesOf(cases: Case[]): Promise<Query[]> {
  const queries: Query[] = [];
  for (const task of tasks) {
    for (const c of cases) {
      const golds = goldsOf(task, c);
      if (golds.length === 0) continue;
      const library =
        task === 'cite' ? await openLibrary(`bib:${c.draft}`, bibSources(c.draft)) : await openLibrary('corpus', [{ file: corpus, role: 'corpus' }]);
      const text = plainTextOf(c.text, c.format);
      queries.push({ task, draft: c.draft, text, library, golds, draftOptions: args.draft ? await draftOptionsOf(c, text, task) : {} });
    }
  }
  if (unlocated) console.log(`--draft: ${unlocated} of ${queries.length} queries not found in a paragraph of their draft (tables, figures): ranked without it`);
  if (args.draft) console.log(`--draft: the citation point of ${located} of ${queries.length} queries found (the others are ranked without one)`);
  return queries;
}

const idOf = (task: Task, s: { record: { key?: string; id: string } }) => (task === 'cite' ? s.record.key : s.record.id) ?? '';

/** A candidate as the evaluator keeps it. */
interface Scored {
  id: string;
  features: Candidate['features'];
  inBibliography: boolean;
}
/** Gatherings kept for reuse, least recently used dropped first: coordinate ascent keeps returning to the same few. */
const GATHERINGS_KEPT = 6;

/**
 * Every cited work's rank (0-based, -1 beyond the first ten) under `parameters` (and `model`, for
 * queries among bibliography entries): what rankText would rank, in its two steps, so that the
 * candidates of one gathering serve every fusion. Only ids and features are kept, of the last few
 * gatherings: a search tries hundreds of parameter sets, and the candidates of all of them do not
 * fit in memory.
 */
function evaluator(queries: Query[], pickWith?: RankingParameters) {
  const gathered = new Map<string, Scored[][]>();
  const seen = new Map<string, Outcome[]>();
  const gather = (tried: RankingParameters): Scored[][] => {
    const parameters = pickWith ? { ...tried, ...pickingWeights(pickWith) } : tried;
    const gatherKey = JSON.stringify(gatherKeyOf(parameters));
    let candidates = gathered.get(gatherKey);
    if (candidates) gathered.delete(gatherKey);
    else {
      candidates = queries.map((q) =>
        gatherCandidates(q.library.index, q.text, parameters, q.draftOptions, 10).candidates.map((c) => ({
          id: idOf(q.task, c.hit),
          features: c.features,
          inBibliography: c.inBibliography,
        })),
      );
    }
    gathered.set(gatherKey, candidates);
    if (gathered.size > GATHERINGS_KEPT) gathered.delete(gathered.keys().next().value!);
    return candidates;
  };
  const run = (parameters: RankingParameters, model: LinearModel = BIBLIOGRAPHY_MODEL): Outcome[] => {
    const key = JSON.stringify([parameters, model.weights]);
    const known = seen.get(key);
    if (known) return known;
    const candidates = gather(parameters);
    const out: Outcome[] = [];
    queries.forEach((q, i) => {
      const ranked = fuse(candidates[i], parameters, 10, model).map(({ candidate }) => candidate.id);
      for (const gold of q.golds) out.push({ task: q.task, draft: q.draft, rank: ranked.indexOf(gold) });
    });
    seen.set(key, out);
    return out;
  };
  return { run, gather };
}

/**
 * The bibliography model fitted on the *cite* queries of the drafts `include` accepts, their
 * candidates gathered under `parameters`.
 */
function fitModel(queries: Query[], candidates: Scored[][], include: (draft: string) => boolean, about?: string): LinearModel {
  const data = queries.flatMap((q, i) =>
    q.task === 'cite' && include(q.draft)
      ? [{ features: candidates[i].map((c) => bibliographyFeatures(c.features)), relevant: candidates[i].map((c) => q.golds.includes(c.id)) }]
      : [],
  );
  return { about, features: [...BIBLIOGRAPHY_FEATURES], weights: fitPairwise(data) };
}

/**
 * The fusion weights by which the title feedback picks its titles (titleFeedback.ts), held at
 * `base`'s while a search tries others: re-picking for every weighting tried would take a
 * gathering each (~40 s over the corpus). The citing weight is left to the parameters tried, since
 * it also switches the citing contexts on or off (and corpus records have none).
 */
function pickingWeights(base: RankingParameters): Omit<FusionParameters, 'citingWeight'> {
  const { lengthPower, nameMatches, introducedNameWeight, firstStageWeight, titleWeight, authorWeight, bibliographyModel } = base;
  return { lengthPower, nameMatches, introducedNameWeight, firstStageWeight, titleWeight, authorWeight, bibliographyModel };
}

/** The parameters that change the candidates (the citing weight only by being on or off; the fusion's through the feedback). */
function gatherKeyOf(p: RankingParameters): Partial<GatherParameters> {
  const { maxTerms, contextWeight, rerankDepth, maxPapersPerName, acronymWeight, eponymWeight, citingWeight, authorFirstStage, pointWords, feedbackWeight, feedbackDocs } = p;
  return {
    maxTerms, contextWeight, rerankDepth, maxPapersPerName, acronymWeight, eponymWeight, citingWeight: citingWeight > 0 ? 1 : 0, authorFirstStage, pointWords, feedbackWeight, feedbackDocs,
    ...(feedbackWeight > 0 ? { ...pickingWeights(p), citingWeight } : {}),
  };
}

function parseSet(text: string): Partial<RankingParameters> {
  const overrides: Record<string, number> = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const [name, value] = pair.split('=');
    if (value === undefined || Number.isNaN(Number(value))) throw new Error(`--set: "${pair}" is not name=number`);
    overrides[name] = Number(value);
  }
  return overrides as Partial<RankingParameters>;
}

const fmt = (x: number) => x.toFixed(3);

function report(queries: Query[], parameters: RankingParameters, model?: LinearModel) {
  const t0 = performance.now();
  const outcomes = evaluator(queries).run(parameters, model);
  const seconds = (performance.now() - t0) / 1000;
  for (const task of tasks) {
    const s = summarise(outcomes.filter((o) => o.task === task));
    const perDraft = Object.fromEntries(s.drafts.map((d) => [d.draft, `${d.hits}/${d.total}`]));
    console.log(`${task}: R@10 ${fmt(s.recall)}  MRR@10 ${fmt(s.mrr)}  cited works ${s.total}  ${seconds.toFixed(1)} s  ${JSON.stringify(perDraft)}`);
  }
  if (!args.show) return;
  for (const q of queries) {
    const ranked = rankText(q.library.index, q.text, { limit: 10, parameters, ...q.draftOptions });
    for (const gold of q.golds) {
      if (ranked.some((s) => idOf(q.task, s) === gold)) continue;
      // A deeper ranking re-scores more candidates, so it only locates misses, never scores.
      const deep = rankText(q.library.index, q.text, { limit: MISS_DEPTH, parameters, ...q.draftOptions }).findIndex((s) => idOf(q.task, s) === gold);
      console.log(`miss ${q.task} ${gold} at ${deep < 0 ? `>${MISS_DEPTH}` : `~${deep + 1}`}: ${q.text.slice(0, 160)}`);
    }
  }
}

function lodo(queries: Query[], base: RankingParameters) {
  const { run, gather } = evaluator(queries, base);
  const folds = foldsOf(queries.map((q) => q.draft));
  const held: Outcome[] = [];
  // The bibliography model is fitted on the drafts it is scored on: each fold refits it on its 13.
  const refit = base.bibliographyModel > 0 && tasks.includes('cite');
  console.log(`held-out draft: parameters chosen on the other drafts (changes from the start)${refit ? ', the bibliography model refitted on them' : ''}`);
  for (const draft of folds) {
    const train = (o: Outcome) => o.draft !== draft;
    const model = refit ? fitModel(queries, gather(base), (d) => d !== draft) : BIBLIOGRAPHY_MODEL;
    const chosen = coordinateAscent(base, GRID, (p) => run(p, model).filter(train));
    const changed = Object.entries(chosen).filter(([k, v]) => base[k as keyof RankingParameters] !== v);
    console.log(`  ${draft}: ${changed.length ? changed.map(([k, v]) => `${k}=${v}`).join(' ') : '(as given)'}`);
    held.push(...run(chosen, model).filter((o) => o.draft === draft));
  }
  const baseline = run(base);
  for (const task of tasks) {
    const s = summarise(held.filter((o) => o.task === task));
    const b = summarise(baseline.filter((o) => o.task === task));
    const worse = s.drafts.filter((d) => d.recall < (b.drafts.find((x) => x.draft === d.draft)?.recall ?? 0) - 0.05).map((d) => d.draft);
    console.log(
      `${task} LODO: R@10 ${fmt(s.recall)}  MRR@10 ${fmt(s.mrr)}  per-draft R@10 mean ${fmt(s.meanRecall)} ± ${fmt(s.sdRecall)} ` +
        `(min ${fmt(s.minRecall)}, max ${fmt(s.maxRecall)}, ${s.drafts.length} drafts)  ` +
        `| given parameters: R@10 ${fmt(b.recall)}  MRR@10 ${fmt(b.mrr)}  mean ${fmt(b.meanRecall)} ± ${fmt(b.sdRecall)}  ` +
        `| drafts >0.05 worse than given: ${worse.length ? worse.join(', ') : 'none'}`,
    );
    console.log(`  held out, per draft: ${JSON.stringify(Object.fromEntries(s.drafts.map((d) => [d.draft, `${d.hits}/${d.total}`])))}`);
  }
  const all = coordinateAscent(base, GRID, (p) => run(p));
  const changed = Object.entries(all).filter(([k, v]) => base[k as keyof RankingParameters] !== v);
  console.log(`chosen on all drafts: ${changed.length ? changed.map(([k, v]) => `${k}=${v}`).join(' ') : '(as given)'}`);
}

function sweep(queries: Query[], base: RankingParameters) {
  const { run } = evaluator(queries, base);
  const baseline = run(base);
  for (const [name, values] of Object.entries(GRID)) {
    for (const value of values!) {
      const parameters = { ...base, [name]: value };
      const outcomes = run(parameters);
      const cells = tasks.map((task) => {
        const s = summarise(outcomes.filter((o) => o.task === task));
        const b = summarise(baseline.filter((o) => o.task === task));
        let won = 0;
        let lost = 0;
        for (const d of s.drafts) {
          const before = b.drafts.find((x) => x.draft === d.draft)!;
          if (d.hits > before.hits) won++;
          else if (d.hits < before.hits) lost++;
        }
        return `${task} ${fmt(s.recall)} / ${fmt(s.mrr)} (+${won} −${lost} drafts)`;
      });
      const mark = base[name as keyof RankingParameters] === value ? ' *' : '';
      console.log(`${name}=${value}${mark}  ${cells.join('   ')}`);
    }
  }
}

/** --fit: the bibliography model fitted on every draft's *cite* queries, written where the engine reads it. */
function fit(queries: Query[], base: RankingParameters) {
  if (!args.draft || !tasks.includes('cite')) throw new Error('--fit: fits the cite task read with its drafts (--draft --task cite)');
  const drafts = new Set(queries.map((q) => q.draft)).size;
  const cited = queries.filter((q) => q.task === 'cite').reduce((n, q) => n + q.golds.length, 0);
  const about = `Fitted by \`npm run eval -- --draft --task cite --fit\` on the masked-citation dev set: ${drafts} drafts, ${cited} cited works.`;
  const model = fitModel(queries, evaluator(queries).gather(base), () => true, about);
  fs.writeFileSync(MODEL_FILE, `${JSON.stringify(model, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, MODEL_FILE)}: ${model.features.map((f, i) => `${f} ${model.weights[i].toPrecision(3)}`).join(', ')}`);
  report(queries, base, model);
}

const MODEL_FILE = path.join(root, 'src/core/rank/bibliographyModel.json');

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
  const base = rankingParameters({ ...DEFAULT_PARAMETERS, ...parseSet(args.set) });
  const queries = await queriesOf(cases);
  if (args.fit) fit(queries, base);
  else if (args.lodo) lodo(queries, base);
  else if (args.sweep) sweep(queries, base);
  else report(queries, base);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
