/**
 * Corpus files in JSON Lines (one paper per line, optionally gzipped) -> PaperRecords.
 * The format of the bundled ACL Anthology file: `{id, title, abstract, authors, year, venue,
 * url, doi, bibkey}`; `arxiv` / `arxiv_id` / `type` are read when present. A bad line costs only
 * that line.
 */
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import type { LoadResult, PaperRecord, SourceError } from '../model';
import { displayName, extractArxivId, jsonErrorReason, normalizeDoi } from './ids';
import { DISK_READER, type SourceReader } from './reader';

export type CorpusKind = 'corpus' | 'default';

/**
 * Parses JSON Lines text held in memory. Never throws.
 * @example parseJsonl('{"id": "P19-1001", "title": "T"}\n', 'papers.jsonl').records[0].id // 'P19-1001'
 */
export function parseJsonl(text: string, file: string, kind: CorpusKind = 'corpus'): LoadResult {
  const reader = new JsonlReader(file, kind);
  reader.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  return reader.end();
}

/** How long the streaming reader may keep the thread before it yields to the event loop. */
const SLICE_MS = 8;
const PROGRESS_MS = 100;
/**
 * Bytes decoded into one string. A string over V8's regular object size (128 KB) is allocated in
 * fresh pages of its own: decoding the gunzipped corpus in 256 KB pieces took 970 ms where 32 KB
 * pieces (64 KB even as two-byte text) take 480 ms, on a VM where touching fresh memory is slow.
 */
const DECODE_BYTES = 1 << 15;

/**
 * Streams a JSON Lines file, gzipped or not (told by its first bytes, not its name), and yields
 * to the event loop every few milliseconds so an extension host is never blocked for long.
 * Never rejects: an unreadable or truncated file is reported as a SourceError, with the records
 * read before the problem kept.
 */
export async function readJsonlFile(
  path: string,
  kind: CorpusKind = 'corpus',
  onProgress?: (recordsSoFar: number) => void,
  source: SourceReader = DISK_READER,
): Promise<LoadResult> {
  let gzipped: boolean;
  try {
    const magic = await source.head(path, 2);
    gzipped = magic.length === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } catch (e) {
    return { records: [], errors: [{ file: path, message: readErrorMessage(e) }] };
  }
  const reader = new JsonlReader(path, kind);
  try {
    const raw = source.stream(path);
    const stream = gzipped ? raw.pipe(zlib.createGunzip({ chunkSize: 1 << 18 })) : raw;
    if (gzipped) raw.on('error', (e) => stream.destroy(e)); // pipe() does not forward errors
    const decoder = new StringDecoder('utf8');
    let sliceStart = performance.now();
    let lastProgress = sliceStart;
    let first = true;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let at = 0; at < chunk.length; at += DECODE_BYTES) {
        let text = decoder.write(chunk.subarray(at, at + DECODE_BYTES));
        if (first && text.length > 0) {
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          first = false;
        }
        reader.push(text);
      }
      const now = performance.now();
      if (onProgress && now - lastProgress >= PROGRESS_MS) {
        onProgress(reader.count);
        lastProgress = now;
      }
      if (now - sliceStart >= SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    reader.push(decoder.end());
  } catch (e) {
    reader.fail(readErrorMessage(e));
  }
  const result = reader.end();
  onProgress?.(result.records.length);
  return result;
}

function readErrorMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'Z_BUF_ERROR' || err?.code === 'Z_DATA_ERROR') {
    return `cannot read file: corrupt or truncated gzip data (${err.message})`;
  }
  if (err?.code === 'ENOENT') return 'cannot read file: no such file';
  if (err?.code === 'EISDIR') return 'cannot read file: it is a directory';
  return `cannot read file: ${err?.message ?? String(e)}`;
}

// ---------------------------------------------------------------------------------------------

/** Turns text, pushed in any pieces, into records and located errors, one line at a time. */
class JsonlReader {
  private readonly records: PaperRecord[] = [];
  private readonly errors: SourceError[] = [];
  private readonly ids = new Map<string, number>();
  private carry = '';
  private line = 0;

  constructor(
    private readonly file: string,
    private readonly kind: CorpusKind,
  ) {}

  get count(): number {
    return this.records.length;
  }

  /**
   * Only the new text is searched for line ends (the carried start of a line has none), and a
   * piece without one is appended to it: a line longer than many pieces costs its length once,
   * not once per piece.
   */
  push(text: string): void {
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.carry += text;
      return;
    }
    this.readLine(this.carry + text.slice(0, nl));
    let start = nl + 1;
    for (nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
      this.readLine(text.slice(start, nl));
      start = nl + 1;
    }
    this.carry = text.slice(start);
  }

  /** A problem with the file as a whole (unreadable, truncated), located after the last line read. */
  fail(message: string): void {
    this.errors.push({ file: this.file, line: this.line + 1, message });
    this.carry = '';
  }

  end(): LoadResult {
    if (this.carry !== '') this.readLine(this.carry);
    this.carry = '';
    return { records: this.records, errors: this.errors };
  }

  private readLine(raw: string): void {
    const line = ++this.line;
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.error(line, `invalid JSON: ${jsonErrorReason(e)}`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.error(line, 'not a JSON object');
      return;
    }
    const obj = value as Record<string, unknown>;
    const id = typeof obj.id === 'number' ? String(obj.id) : typeof obj.id === 'string' ? obj.id.trim() : '';
    if (id === '') {
      this.error(line, 'missing "id"');
      return;
    }
    const title = typeof obj.title === 'string' ? obj.title.trim() : '';
    if (title === '') {
      this.error(line, `record "${id}": missing "title"`);
      return;
    }
    const first = this.ids.get(id);
    if (first !== undefined) {
      this.error(line, `duplicate id "${id}" (first at line ${first}); this line is ignored`, 'warning');
      return;
    }
    this.ids.set(id, line);
    this.records.push(this.toRecord(obj, id, title, line));
  }

  private toRecord(obj: Record<string, unknown>, id: string, title: string, line: number): PaperRecord {
    const record: PaperRecord = {
      id,
      title,
      authors: authorList(obj.authors),
      origin: { kind: this.kind, file: this.file, line },
      inBibliography: false,
    };
    if (typeof obj.bibkey === 'string' && obj.bibkey !== '') record.key = obj.bibkey;
    const year = typeof obj.year === 'string' ? Number.parseInt(obj.year, 10) : obj.year;
    if (typeof year === 'number' && Number.isInteger(year)) record.year = year;
    if (typeof obj.venue === 'string' && obj.venue !== '') record.venue = obj.venue;
    if (typeof obj.abstract === 'string' && obj.abstract !== '') record.abstract = obj.abstract;
    const url = typeof obj.url === 'string' && obj.url !== '' ? obj.url : undefined;
    if (url) record.url = url;
    const rawDoi = typeof obj.doi === 'string' ? obj.doi : undefined;
    const doi = normalizeDoi(rawDoi);
    if (doi) record.doi = doi;
    const arxiv =
      extractArxivId(str(obj.arxiv) ?? str(obj.arxiv_id), { bare: true }) ??
      (url && url.includes('arxiv') ? extractArxivId(url) : undefined) ??
      (doi && doi.startsWith('10.48550/') ? extractArxivId(doi) : undefined);
    if (arxiv) record.arxiv = arxiv;
    if (typeof obj.type === 'string' && obj.type !== '') record.type = obj.type.toLowerCase();
    return record;
  }

  private error(line: number, message: string, severity?: 'warning'): void {
    this.errors.push(severity ? { file: this.file, line, message, severity } : { file: this.file, line, message });
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** `["First Last", ...]`; `{given, family}` / `{first, last}` / `{name}` objects are accepted too. */
function authorList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const a of value) {
    if (typeof a === 'string') {
      if (a !== '') out.push(a);
    } else if (typeof a === 'object' && a !== null) {
      const o = a as Record<string, unknown>;
      const given = str(o.given) ?? str(o.first);
      const family = str(o.family) ?? str(o.last);
      const name = str(o.name) ?? displayName({ given, family, literal: str(o.literal) });
      if (name) out.push(name);
    }
  }
  return out;
}
