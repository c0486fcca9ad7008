/**
 * One entry point for every paper source on disk: picks the parser from the file's content and
 * extension, and turns I/O failures into located errors instead of exceptions.
 */
import { createHash } from 'node:crypto';
import type { LoadResult } from '../model';
import { parseBibtex } from './bibtex';
import { parseCslJson } from './csl';
import { readJsonlFile, type CorpusKind } from './jsonl';
import { DISK_READER, type DecodedText, type SourceReader } from './reader';

export interface LoadOptions {
  /** What a JSON Lines corpus is loaded as (its records' origin kind); default 'corpus'. */
  kind?: CorpusKind;
  /** Progress of a JSON Lines corpus: records read so far. */
  onProgress?: (recordsSoFar: number) => void;
  /** Where the file is read from (default: the disk). */
  reader?: SourceReader;
  /** For a BibTeX file: the `@string` macros of the .bib files read before it. */
  strings?: Record<string, string>;
}

export type SourceFormat = 'bibtex' | 'csl' | 'jsonl';

/**
 * Loads a .bib / .biblatex (BibTeX), .json (CSL-JSON) or .jsonl / .ndjson / .gz (JSON Lines,
 * gzip told by its magic bytes) file. Never rejects: a missing or unreadable file gives a
 * LoadResult with one SourceError naming it.
 * @example const { records, errors } = await loadSourceFile('refs.bib');
 */
export async function loadSourceFile(path: string, opts: LoadOptions = {}): Promise<LoadResult> {
  const reader = opts.reader ?? DISK_READER;
  let head: Buffer;
  try {
    head = await reader.head(path, 4096);
  } catch (e) {
    return { records: [], errors: [{ file: path, message: ioMessage(e) }] };
  }
  const format = detectFormat(path, head);
  if (format === 'jsonl') return readJsonlFile(path, opts.kind ?? 'corpus', opts.onProgress, reader);
  let decoded: DecodedText;
  try {
    decoded = await reader.text(path);
  } catch (e) {
    return { records: [], errors: [{ file: path, message: ioMessage(e) }] };
  }
  let { text } = decoded;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const result = format === 'csl' ? parseCslJson(text, path) : parseBibtex(text, path, { strings: opts.strings });
  if (format === 'bibtex') result.stringsIn = stringsDigest(opts.strings);
  if (decoded.encoding !== 'utf-8') {
    result.errors.unshift({
      file: path,
      ...(decoded.line !== undefined ? { line: decoded.line } : {}),
      message: 'the file is not UTF-8: read as Windows-1252 (Latin-1); save it as UTF-8 to be sure of its accents',
      severity: 'warning',
    });
  }
  return result;
}

/**
 * The parser for a file: gzip magic bytes -> JSON Lines; else the extension; else the content
 * (`@type{` -> BibTeX, `[` -> CSL-JSON, `{` -> JSON Lines). A `.json` file holding one object
 * per line is JSON Lines.
 */
export function detectFormat(path: string, head: Buffer): SourceFormat {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'jsonl';
  const name = path.toLowerCase();
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (/\.(?:bib|biblatex|bibtex)$/.test(name)) return 'bibtex';
  if (/\.(?:jsonl|ndjson)(?:\.gz)?$|\.gz$/.test(name)) return 'jsonl';
  if (name.endsWith('.json')) return looksLikeJsonLines(text) ? 'jsonl' : 'csl';
  const start = text.trimStart();
  if (start.startsWith('[')) return 'csl';
  if (start.startsWith('{')) return looksLikeJsonLines(text) ? 'jsonl' : 'csl';
  return 'bibtex';
}

/** `{...}\n{...}`: the first line is a whole object and another object starts on the next line. */
function looksLikeJsonLines(text: string): boolean {
  const start = text.trimStart();
  if (!start.startsWith('{')) return false;
  const nl = start.indexOf('\n');
  if (nl < 0) return false;
  try {
    JSON.parse(start.slice(0, nl));
  } catch {
    return false;
  }
  return start.slice(nl + 1).trimStart().startsWith('{');
}

function ioMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'cannot read file: no such file';
    case 'EISDIR':
      return 'cannot read file: it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read file: permission denied';
    default:
      return `cannot read file: ${err?.message ?? String(e)}`;
  }
}

/** What identifies a set of macros: '' for none, else a hash of the sorted definitions. */
export function stringsDigest(strings: Record<string, string> | undefined): string {
  const names = Object.keys(strings ?? {}).sort();
  if (names.length === 0) return '';
  const hash = createHash('sha256');
  for (const name of names) hash.update(`${name}\0${strings![name]}\0`);
  return hash.digest('hex').slice(0, 32);
}
