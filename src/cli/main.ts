/** `related-work`: the engine of the extension, on files, for terminals and scripts. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { resolveDraft } from '../core/draft/include';
import type { DraftFormat } from '../core/draft/types';
import { fileSystemReason } from '../core/atomicFile';
import { describeProgress, Library, type SourceSpec } from '../core/library';
import { isWarning, type PaperRecord } from '../core/model';
import { Engine } from '../core/engine';
import { enrichAbstracts } from '../core/online/enrich';
import { formatProviderError, searchOnline } from '../core/online/online';
import { semanticScholarProvider } from '../core/online/providers/semanticScholar';
import { loadSourceFile } from '../core/sources/load';
import { safeJson, stripControls } from '../core/text/controls';
import { corpus } from './corpus';
import { abstractStoreOf, deadlineOf, ONLINE_FLAGS, onlineSetup, providerIds, ttyProgress, withInterrupt } from './online';
import { parseCommand, sourcesOf, UsageError, type CommonOptions } from './options';
import { exportRecords } from './export';
import { displayPath, formatSuggestions, reportErrors, suggestionJson, type Output } from './report';

export const USAGE = `Usage: related-work <command> [options]

Commands:
  suggest DRAFT          papers to cite, paragraph by paragraph (LaTeX or Markdown)
  search "QUERY"         papers matching free text
  rank --queries Q.jsonl one JSON line of ranked papers per query line {"id","text","format"}
  index [--rebuild]      build or refresh the cached index of the sources
  enrich --bib FILE      fetch missing abstracts (by DOI / arXiv id) into the cache, not the .bib;
                         suggest, search and index then use them (rank never does)
  corpus --hf-daily FROM[..TO] --out FILE.jsonl
                         a corpus of Hugging Face Daily Papers (YYYY-MM-DD, at most 366 days)
  export FILE... [--format jsonl|csl-json|bibtex]
                         every record read from the files, in reading order (default: JSON Lines
                         with key, type, title, authors, year, venue, doi, arxiv, url, abstract,
                         source file:line); problems on stderr; exit 1 when some entry was bad

Online (search, enrich, corpus; suggest and rank never use the network):
  --online               search: also ask online indexes; their results are marked "online · NAME"
  --providers LIST       comma-separated: arxiv,s2,hf,crossref,openalex (default: all but openalex,
                         which joins when OPENALEX_API_KEY is set)
  --offline              no network: only responses cached by earlier runs
  --mailto ADDRESS       contact address for the User-Agent and polite pools ($RELATED_WORK_MAILTO)
  --timeout SECONDS      give up after this long, retries and waits included: search per provider
                         (default 20), enrich and corpus in all (default 300 and 900)
  Keys: SEMANTIC_SCHOLAR_API_KEY, OPENALEX_API_KEY. Base URLs: RELATED_WORK_{ARXIV,S2,HF,OPENALEX,CROSSREF}_URL.

Sources (any command):
  --bib FILE             a .bib or CSL-JSON bibliography (repeatable)
  --corpus FILE          a JSON Lines corpus, gzip accepted (repeatable)
  --no-default-corpus    leave out the bundled corpus
  --cache-dir DIR        where indexes are cached (default $RELATED_WORK_CACHE or ~/.cache/related-work)
  --no-cache             neither read nor write the cache

Output:
  --top N                results per paragraph / query (default 10; suggest: 5)
  --json                 machine-readable output (suggest, search)

Exit status: 0 ok (warnings may be printed); 1 results written but some input was bad
(see stderr) or an online provider failed; 2 usage error or unreadable draft / queries file.
`;

const defaultOutput = (): Output => ({
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
});

/** Runs one command line; resolves to the exit status. */
export async function main(argv: string[], output: Output = defaultOutput()): Promise<number> {
  // Titles, authors, warnings quoting a server's body: anything printed may come from outside.
  const io: Output = { ...output, out: (t) => output.out(stripControls(t)), err: (t) => output.err(stripControls(t)) };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'suggest':
        return await suggest(rest, io);
      case 'search':
        return await search(rest, io);
      case 'rank':
        return await rank(rest, io);
      case 'index':
        return await index(rest, io);
      case 'enrich':
        return await enrich(rest, io);
      case 'corpus':
        return await corpus(rest, io);
      case 'export':
        return await exportRecords(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`related-work: ${err.message} (see related-work --help)`);
      return 2;
    }
    throw err;
  }
}

async function openLibrary(
  common: CommonOptions,
  sources: SourceSpec[],
  io: Output,
  { progress = false, rebuild = false, fetchedAbstracts = false } = {},
): Promise<Library> {
  const tty = progress && process.stderr.isTTY;
  const library = await Library.open({
    sources,
    cacheDir: common.cacheDir,
    rebuild,
    // Abstracts that `enrich` fetched fill .bib entries without one (copies; the .bib is untouched).
    abstracts: fetchedAbstracts && common.cacheDir ? await abstractStoreOf(common.cacheDir).lookup() : undefined,
    onProgress: tty ? (p) => process.stderr.write(`\r\x1b[K${describeProgress(p, displayPath)}…`) : undefined,
  });
  if (tty) process.stderr.write('\r\x1b[K');
  reportErrors(library.errors, io);
  if (library.cacheProblem) io.err(`related-work: warning: ${library.cacheProblem}`);
  return library;
}

/** 1 when some input was bad (warnings do not count), else 0. */
const statusOf = (library: Library, extraErrors = 0) =>
  library.errors.filter((e) => !isWarning(e)).length + extraErrors > 0 ? 1 : 0;

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function suggest(argv: string[], io: Output): Promise<number> {
  const { common, positionals } = parseCommand(argv, {}, 5);
  if (common.help || positionals.length !== 1) throw new UsageError('suggest wants exactly one DRAFT file');
  const root = path.resolve(positionals[0]);
  const resolved = await resolveDraft(root, readText);
  if (resolved.files.length === 0) {
    io.err(`related-work: ${displayPath(root)}: cannot read the draft`);
    return 2;
  }
  for (const missing of resolved.missing) io.err(`related-work: ${displayPath(missing)}: included file not found`);
  const library = await openLibrary(common, sourcesOf(common, resolved.bibliographies), io, { fetchedAbstracts: true });
  const engine = new Engine(library.index);

  const report = [];
  for (const { path: file, text, draft } of resolved.files) {
    for (const paragraph of draft.paragraphs) {
      if (paragraph.text.split(/\s+/).length < 8) continue;
      const line = text.slice(0, paragraph.start).split('\n').length;
      const companions = resolved.files.filter((f) => f.draft !== draft).map((f) => ({ text: f.text, format: f.draft.format }));
      const { suggestions } = engine.suggest({
        draft: { text, format: draft.format, companions },
        scope: { kind: 'paragraph', offset: paragraph.start },
        limit: common.top,
      });
      report.push({ file, line, section: draft.sections[paragraph.section]?.title, paragraph, suggestions });
    }
  }
  if (common.json) {
    io.out(
      safeJson(
        report.map((r) => ({
          file: r.file,
          line: r.line,
          section: r.section ?? null,
          text: r.paragraph.text,
          suggestions: r.suggestions.map(suggestionJson),
        })),
        2,
      ),
    );
  } else {
    const columns = io.columns ?? 100;
    io.out(`${library.size.toLocaleString('en-US')} papers; ${report.length} paragraphs of ${displayPath(root)}\n`);
    for (const r of report) {
      const where = `${displayPath(r.file)}:${r.line}${r.section ? ` · ${r.section}` : ''}`;
      io.out(`${where}\n  “${r.paragraph.text.slice(0, Math.max(20, columns - 6)).trimEnd()}…”`);
      const lines = formatSuggestions(r.suggestions, columns);
      io.out(lines.length ? lines.join('\n') : '     (no matching papers)');
      io.out('');
    }
  }
  return statusOf(library, resolved.missing.length);
}

async function search(argv: string[], io: Output): Promise<number> {
  const { common, positionals, values } = parseCommand(argv, ONLINE_FLAGS);
  if (common.help || positionals.length === 0) throw new UsageError('search wants a QUERY');
  const query = positionals.join(' ');
  const online = Boolean(values.online);
  const ids = online ? providerIds(values.providers as string | undefined, process.env) : [];
  if (!online && (values.providers !== undefined || values.mailto !== undefined || values.timeout !== undefined)) {
    throw new UsageError('--providers, --mailto and --timeout go with --online');
  }
  const library = await openLibrary(common, sourcesOf(common), io, { fetchedAbstracts: true });
  const engine = new Engine(library.index);
  let suggestions = engine.search({ query, limit: common.top });
  let failed = 0;
  if (online) {
    const setup = onlineSetup(common, values);
    const deadline = deadlineOf(values, 'search', setup.http);
    const result = await withInterrupt((signal) => searchOnline(query, setup.providers(ids), { limit: common.top, signal, deadline }));
    for (const e of result.errors) io.err(`related-work: online: ${formatProviderError(e)}`);
    for (const n of result.notices) io.err(`related-work: online: warning: ${formatProviderError(n)}`);
    failed = result.errors.length;
    // The online papers the results do not list; those the library holds as the library's.
    const floor = suggestions.at(-1)?.score;
    suggestions = [...suggestions, ...engine.onlineSection({ query, online: result.records, shownIds: suggestions.map((s) => s.record.id), floor, limit: common.top })];
  }
  if (common.json) io.out(safeJson(suggestions.map(suggestionJson), 2));
  else io.out(suggestions.length ? formatSuggestions(suggestions, io.columns ?? 100).join('\n') : 'No matching papers.');
  return statusOf(library, failed);
}

async function enrich(argv: string[], io: Output): Promise<number> {
  const { common, values } = parseCommand(argv, { offline: ONLINE_FLAGS.offline, mailto: ONLINE_FLAGS.mailto, timeout: ONLINE_FLAGS.timeout });
  if (common.help || common.bibs.length === 0) throw new UsageError('enrich wants --bib FILE (repeatable)');
  if (!common.cacheDir) throw new UsageError('enrich keeps abstracts in the cache (drop --no-cache)');
  const records: PaperRecord[] = [];
  let bad = 0;
  for (const file of common.bibs) {
    const loaded = await loadSourceFile(path.resolve(file));
    reportErrors(loaded.errors, io);
    bad += loaded.errors.filter((e) => !isWarning(e)).length;
    records.push(...loaded.records);
  }
  const setup = onlineSetup(common, values);
  const s2 = semanticScholarProvider({ http: setup.http, baseUrl: setup.config.baseUrls?.s2, apiKey: setup.config.semanticScholarApiKey });
  const store = abstractStoreOf(common.cacheDir);
  let result;
  try {
    const notice = (message: string) => io.err(`related-work: online: warning: ${formatProviderError({ provider: s2.name, message })}`);
    const deadline = deadlineOf(values, 'enrich', setup.http);
    const progress = ttyProgress((done, total) => `Semantic Scholar: batch ${done + 1} of ${total}`);
    try {
      result = await withInterrupt((signal) => enrichAbstracts(records, s2, { signal, store, notice, deadline, progress: progress.show }));
    } finally {
      progress.clear();
    }
  } catch (err) {
    const disk = fileSystemReason(err);
    if (disk) io.err(`related-work: cannot keep the abstracts in ${displayPath(store.file)}: ${disk}`);
    else io.err(`related-work: online: ${formatProviderError({ provider: s2.name, message: err instanceof Error ? err.message : String(err) })}`);
    return 1;
  }
  io.out(
    `${result.candidates} entries have a DOI or arXiv id but no abstract: ${result.fetched} abstracts fetched, ` +
      `${result.withoutAbstract} without an abstract at Semantic Scholar, ${result.unknown} unknown there; ` +
      `kept in ${displayPath(store.file)} (your .bib is unchanged)`,
  );
  return bad > 0 ? 1 : 0;
}

const FORMATS: ReadonlySet<string> = new Set(['latex', 'markdown', 'text']);

async function rank(argv: string[], io: Output): Promise<number> {
  const { common, values } = parseCommand(argv, { queries: { type: 'string' } });
  const queriesFile = values.queries as string | undefined;
  if (common.help || !queriesFile) throw new UsageError('rank wants --queries FILE');
  const text = await readText(queriesFile);
  if (text === undefined) {
    io.err(`related-work: ${displayPath(path.resolve(queriesFile))}: cannot read the queries file`);
    return 2;
  }
  // No fetched abstracts here: the benchmark must not depend on network data cached on this machine.
  const library = await openLibrary(common, sourcesOf(common), io);
  const engine = new Engine(library.index);
  let bad = 0;
  const out: string[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let query: { id?: unknown; text?: unknown; format?: unknown };
    try {
      query = JSON.parse(raw);
    } catch (err) {
      bad++;
      io.err(`related-work: ${displayPath(queriesFile)}:${i + 1}: not JSON (${(err as Error).message})`);
      return;
    }
    const format = (query.format ?? 'text') as string;
    if (typeof query.text !== 'string' || query.id === undefined || !FORMATS.has(format)) {
      bad++;
      io.err(`related-work: ${displayPath(queriesFile)}:${i + 1}: want {"id", "text", "format": "latex"|"markdown"|"text"}`);
      return;
    }
    const suggestions = engine.search({ query: query.text, format: format as DraftFormat, limit: common.top });
    const results = suggestions.map((s) => ({
      id: s.record.id,
      key: s.record.key ?? null,
      title: s.record.title,
      score: Number(s.score.toFixed(4)),
    }));
    out.push(safeJson({ id: query.id, results }));
  });
  if (out.length) io.out(out.join('\n'));
  return statusOf(library, bad);
}

async function index(argv: string[], io: Output): Promise<number> {
  const { common, values } = parseCommand(argv, { rebuild: { type: 'boolean' } });
  if (common.help) throw new UsageError('index takes only source options');
  if (!common.cacheDir) throw new UsageError('index needs a cache (drop --no-cache)');
  const started = performance.now();
  // With fetched abstracts, so the index it caches is the one suggest and search load.
  const library = await openLibrary(common, sourcesOf(common), io, { progress: true, rebuild: Boolean(values.rebuild), fetchedAbstracts: true });
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  const count = library.size.toLocaleString('en-US');
  if (library.cacheProblem) {
    io.out(`Indexed ${count} papers in ${secs} s; not cached`);
    return 1; // caching was the command's job
  }
  io.out(
    library.fromCache
      ? `Index up to date: ${count} papers (loaded from the cache in ${secs} s)`
      : `Indexed ${count} papers in ${secs} s; cached in ${displayPath(common.cacheDir)}`,
  );
  return statusOf(library);
}
