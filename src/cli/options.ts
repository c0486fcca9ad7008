/** Command-line flags shared by the commands, parsed strictly so a typo is an error, not ignored. */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { SourceSpec } from '../core/library';
import { sourceList } from '../core/sources/sourceList';

export class UsageError extends Error {}

const SOURCE_FLAGS = {
  bib: { type: 'string', multiple: true },
  corpus: { type: 'string', multiple: true },
  'no-default-corpus': { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  top: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export interface CommonOptions {
  bibs: string[];
  corpora: string[];
  defaultCorpus: boolean;
  cacheDir?: string;
  top: number;
  json: boolean;
  help: boolean;
}

export function parseCommand<E extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  extra: E,
  defaultTop = 10,
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...SOURCE_FLAGS, ...extra }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.split('\n')[0] : String(err));
  }
  const v = parsed.values as Record<string, unknown>;
  const top = v.top === undefined ? defaultTop : Number(v.top);
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top wants a positive whole number, got "${v.top}"`);
  const common: CommonOptions = {
    bibs: (v.bib as string[] | undefined) ?? [],
    corpora: (v.corpus as string[] | undefined) ?? [],
    defaultCorpus: !v['no-default-corpus'],
    cacheDir: v['no-cache'] ? undefined : ((v['cache-dir'] as string | undefined) ?? defaultCacheDir()),
    top,
    json: Boolean(v.json),
    help: Boolean(v.help),
  };
  return { common, values: v, positionals: parsed.positionals };
}

/** $RELATED_WORK_CACHE, else the XDG cache directory. */
export function defaultCacheDir(): string {
  const explicit = process.env.RELATED_WORK_CACHE;
  if (explicit) return explicit;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'related-work');
}

/** The bundled corpus shipped beside the CLI: dist/cli.js -> data/default-corpus.jsonl. */
export function bundledCorpusPath(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'data', 'default-corpus.jsonl');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return path.join(__dirname, '..', 'data', 'default-corpus.jsonl');
}

/** The sources a command reads: the user's bibliographies, extra corpora, then the bundled corpus. */
export function sourcesOf(options: CommonOptions, draftBibliographies: string[] = []): SourceSpec[] {
  return sourceList({
    bibliographies: [...options.bibs, ...draftBibliographies].map((f) => path.resolve(f)),
    corpora: options.corpora.map((f) => path.resolve(f)),
    bundled: options.defaultCorpus ? bundledCorpusPath() : undefined,
  });
}
