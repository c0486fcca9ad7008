/**
 * CSL-JSON files (Zotero, Better BibTeX, citation.js exports) -> PaperRecords.
 *
 * The whole file is one JSON document, so a syntax error costs the file: it is reported once,
 * at its line. A bad item (not an object, no id) costs only that item.
 */
import type { LoadResult, PaperRecord, SourceError } from '../model';
import { collapseSpace, displayName, extractArxivId, jsonErrorReason, normalizeDoi, type NameParts } from './ids';

/**
 * Parses a CSL-JSON export: an array of items (a single item object is accepted too). Never throws.
 * @example parseCslJson('[{"id": "a", "title": "T", "issued": {"date-parts": [[2020]]}}]', 'lib.json')
 */
export function parseCslJson(text: string, file: string): LoadResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (e) {
    return { records: [], errors: [syntaxError(source, file, e as Error)] };
  }
  const errors: SourceError[] = [];
  const records: PaperRecord[] = [];
  let items: unknown[];
  let lines: (number | undefined)[] = [];
  if (Array.isArray(data)) {
    items = data;
    lines = itemLines(source, items.length);
  } else if (isObject(data) && Array.isArray(data.items)) {
    items = data.items; // { "items": [...] }, as some tools wrap them
  } else if (isObject(data)) {
    items = [data];
    lines = [firstLineWith(source, '{')];
  } else {
    return { records, errors: [{ file, line: 1, message: 'not CSL-JSON: expected an array of items' }] };
  }
  const seen = new Map<string, number | undefined>();
  items.forEach((item, i) => {
    const line = lines[i];
    const where = (message: string): SourceError => (line === undefined ? { file, message } : { file, line, message });
    if (!isObject(item)) {
      errors.push(where(`CSL item ${i + 1} is not an object (found ${describe(item)})`));
      return;
    }
    const key = firstString(item['citation-key'], item.citationKey, item.id);
    if (key === undefined) {
      errors.push(where(`CSL item ${i + 1} has no "id" or "citation-key"`));
      return;
    }
    if (seen.has(key)) {
      const first = seen.get(key);
      const message = `duplicate key "${key}"${first ? ` (first defined at line ${first})` : ''}; this item is ignored`;
      errors.push({ ...where(message), severity: 'warning' });
      return;
    }
    seen.set(key, line);
    records.push(toRecord(item, key, file, line));
  });
  return { records, errors };
}

type Item = Record<string, unknown>;

function toRecord(item: Item, key: string, file: string, line: number | undefined): PaperRecord {
  const record: PaperRecord = {
    id: key,
    key,
    title: plainText(item.title) ?? '',
    authors: names(item.author),
    origin: line === undefined ? { kind: 'csl', file } : { kind: 'csl', file, line },
    inBibliography: true,
  };
  const year = issuedYear(item.issued);
  if (year !== undefined) record.year = year;
  const venue =
    plainText(item['container-title']) ??
    plainText(item['event-title']) ??
    plainText(item.event) ??
    plainText(item.publisher);
  if (venue) record.venue = venue;
  const abstract = plainText(item.abstract);
  if (abstract) record.abstract = abstract;
  const rawDoi = firstString(item.DOI, item.doi);
  const doi = normalizeDoi(rawDoi);
  if (doi) record.doi = doi;
  const url = firstString(item.URL, item.url)?.trim();
  if (url) record.url = url;
  const number = firstString(item.number);
  const onArxiv = /arxiv/i.test(`${firstString(item.publisher) ?? ''} ${firstString(item['container-title']) ?? ''}`);
  const arxiv =
    extractArxivId(number, { bare: onArxiv }) ??
    extractArxivId(url) ??
    extractArxivId(rawDoi) ??
    extractArxivId(firstString(item.note));
  if (arxiv) record.arxiv = arxiv;
  const type = firstString(item.type);
  if (type) record.type = BIBTEX_TYPE[type.toLowerCase()] ?? 'misc';
  return record;
}

/** CSL item types -> the BibTeX entry type a PaperRecord carries. */
const BIBTEX_TYPE: Record<string, string> = {
  'article-journal': 'article',
  'article-magazine': 'article',
  'article-newspaper': 'article',
  review: 'article',
  'paper-conference': 'inproceedings',
  book: 'book',
  chapter: 'incollection',
  'entry-encyclopedia': 'incollection',
  thesis: 'phdthesis',
  report: 'techreport',
  manuscript: 'unpublished',
};

function names(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const name of value) {
    let display = '';
    if (typeof name === 'string') display = collapseSpace(name);
    else if (isObject(name)) display = displayName(stringParts(name));
    display = stripMarkup(display);
    if (display) out.push(display);
  }
  return out;
}

function stringParts(name: Item): NameParts {
  const parts: NameParts = {};
  for (const field of ['given', 'family', 'suffix', 'literal', 'non-dropping-particle', 'dropping-particle'] as const) {
    const v = name[field];
    if (typeof v === 'string' || typeof v === 'number') parts[field] = String(v);
  }
  return parts;
}

/** `{"date-parts": [[2020, 5]]}`, `{"raw": "2020-05"}`, `{"literal": "Spring 2020"}`, or a bare string. */
function issuedYear(issued: unknown): number | undefined {
  if (typeof issued === 'string' || typeof issued === 'number') return yearIn(String(issued));
  if (!isObject(issued)) return undefined;
  const parts = issued['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0])) {
    const year = Number(parts[0][0]);
    if (Number.isInteger(year) && year !== 0) return year;
  }
  return yearIn(firstString(issued.raw, issued.literal));
}

function yearIn(text: string | undefined): number | undefined {
  const m = text ? /(?:^|\D)(\d{4})(?!\d)/.exec(text) : null;
  return m ? Number(m[1]) : undefined;
}

/** CSL "rich text" allows a little HTML (<i>, <b>, <sup>, <sub>, <span class="nocase">). */
const MARKUP = /<\/?(?:i|b|em|strong|sup|sub|sc|span)(?:\s[^<>]*)?>/gi;

function stripMarkup(text: string): string {
  return text.includes('<') ? collapseSpace(text.replace(MARKUP, '')) : text;
}

function plainText(value: unknown): string | undefined {
  const text = Array.isArray(value) ? firstString(...value) : firstString(value);
  if (text === undefined) return undefined;
  const out = stripMarkup(collapseSpace(text));
  return out === '' ? undefined : out;
}

function firstString(...values: unknown[]): string | undefined {
  for (const v of values) {
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}

function isObject(v: unknown): v is Item {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : typeof v;
}

// ---------------------------------------------------------------------------------------------
// Locations. JSON.parse gives neither the lines of the items nor, for every error, the position
// of the error; a small scanner of our own does.

function syntaxError(text: string, file: string, e: Error): SourceError {
  const reason = jsonErrorReason(e);
  const offset = jsonErrorOffset(text) ?? positionIn(e.message);
  const message = `invalid JSON: ${reason}`;
  return offset === undefined ? { file, message } : { file, line: lineOf(text, offset), message };
}

function positionIn(message: string): number | undefined {
  const m = /at position (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function firstLineWith(text: string, ch: string): number | undefined {
  const i = text.indexOf(ch);
  return i < 0 ? undefined : lineOf(text, i);
}

/** The 1-based line where each element of the top-level array starts. */
function itemLines(text: string, count: number): (number | undefined)[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
    } else if (c === 34) {
      // a string: skip it (escapes included); strings never contain raw newlines in JSON
      if (depth === 1 && expectElement) {
        lines.push(line);
        expectElement = false;
      }
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 92) i++;
        else if (s === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (depth === 1 && expectElement) {
        lines.push(line);
        expectElement = false;
      }
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === 93 || c === 125) {
      depth--;
    } else if (depth === 1 && c === 44) {
      expectElement = true;
    } else if (depth === 1 && expectElement && c !== 32 && c !== 9 && c !== 13) {
      lines.push(line); // a number, true, false, null
      expectElement = false;
    }
  }
  return lines.length === count ? lines : [];
}

class JsonStop {
  constructor(readonly offset: number) {}
}

/** Offset of the first JSON syntax error in `text`, or undefined if there is none (or it is too deep). */
function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const n = text.length;
  const fail = (): never => {
    throw new JsonStop(i);
  };
  const space = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const string = (): void => {
    i++;
    for (;;) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail();
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          i++;
          fail();
        }
        i += 2;
        continue;
      }
      i++;
    }
  };
  const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
  const value = (depth: number): void => {
    if (depth > 2000) throw new JsonStop(-1);
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          space();
          if (text[i] !== '"') fail();
          string();
          space();
          if (text[i] !== ':') fail();
          i++;
        }
        value(depth + 1);
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') return string();
    LITERAL.lastIndex = i;
    const m = LITERAL.exec(text);
    if (!m) return fail();
    i += m[0].length;
  };
  try {
    value(0);
    space();
    if (i < n) fail();
    return undefined;
  } catch (e) {
    if (e instanceof JsonStop) return e.offset < 0 ? undefined : Math.min(e.offset, Math.max(n - 1, 0));
    return undefined; // stack overflow on absurd nesting: no line, still an error
  }
}
