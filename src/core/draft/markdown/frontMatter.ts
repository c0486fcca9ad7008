// The document header: a pandoc title block (`% Title`) or YAML front matter between `---` lines.
import { cleanText } from '../assemble';
import { scanInline } from './inline';

export interface FrontMatter {
  title?: string;
  abstract?: string;
  bibliographies: string[];
  /** Offset where the document body starts. */
  next: number;
}

export function frontMatter(text: string): FrontMatter | undefined {
  if (text.startsWith('% ')) {
    // A pandoc title block: `% Title`, `% Author`, `% Date`.
    let pos = 0;
    let title = '';
    while (pos < text.length && (text[pos] === '%' || (pos > 0 && text[pos] === ' '))) {
      const nl = text.indexOf('\n', pos);
      const line = text.slice(pos, nl < 0 ? text.length : nl);
      if (pos === 0) title = line.slice(1).trim();
      pos = nl < 0 ? text.length : nl + 1;
    }
    return { title: inlinePlain(title), bibliographies: [], next: pos };
  }
  const first = /^---[ \t]*\r?\n/.exec(text);
  if (!first) return undefined;
  const lines: string[] = [];
  let pos = first[0].length;
  if (/^[ \t]*\r?(\n|$)/.test(text.slice(pos, pos + 200))) return undefined; // `---` then a blank line: a rule
  let closed = false;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const line = text.slice(pos, nl < 0 ? text.length : nl).replace(/\r$/, '');
    pos = nl < 0 ? text.length : nl + 1;
    if (/^(---|\.\.\.)[ \t]*$/.test(line)) {
      closed = true;
      break;
    }
    lines.push(line);
  }
  if (!closed) {
    // Unfinished (being typed): stop at the first blank line, so the body stays prose.
    const blank = lines.findIndex((l) => l.trim() === '');
    if (blank >= 0) {
      pos = first[0].length;
      for (let n = 0; n <= blank; n++) pos = text.indexOf('\n', pos) + 1 || text.length;
      lines.length = blank;
    }
  }
  const yaml = readYaml(lines);
  const bib = yaml.get('bibliography');
  const str = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(' ') : v);
  const title = str(yaml.get('title'));
  const abstract = str(yaml.get('abstract'));
  return {
    title: title ? inlinePlain(title) : undefined,
    abstract: abstract ? inlinePlain(abstract) : undefined,
    bibliographies: bib === undefined ? [] : (Array.isArray(bib) ? bib : [bib]).filter((b) => b !== ''),
    next: pos,
  };
}

/** Title and abstract are Markdown too: their plain text, without line prefixes (they are not blocks). */
function inlinePlain(s: string): string {
  return cleanText(scanInline(s, 0, s.length, -1, false).text);
}

// A small, tolerant YAML reader for the few front-matter keys the draft needs; anything else in
// the front matter is skipped, and nothing in it can make the scan fail.

const YAML_KEYS = new Set(['title', 'abstract', 'bibliography']);

/** Top-level `key: value` for {@link YAML_KEYS}: plain, quoted, `|` / `>` blocks, flow and block lists. */
export function readYaml(lines: string[]): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (let n = 0; n < lines.length; n++) {
    const m = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*))?$/.exec(lines[n]);
    if (!m || !YAML_KEYS.has(m[1])) continue;
    const raw = (m[2] ?? '').trim();
    const more: string[] = [];
    while (n + 1 < lines.length && (/^[ \t]/.test(lines[n + 1]) || lines[n + 1].trim() === '' || (raw === '' && /^-([ \t]|$)/.test(lines[n + 1])))) {
      more.push(lines[++n]);
    }
    while (more.length > 0 && more[more.length - 1].trim() === '') more.pop();
    const cont = more.map((l) => l.trim());
    let value: string | string[];
    if (/^[|>][-+0-9]*[ \t]*(#.*)?$/.test(raw)) value = cont.join(' ');
    else if (raw === '' && cont.length > 0 && cont.every((l) => l === '' || l.startsWith('-'))) {
      value = cont.filter((l) => l !== '').map((l) => unquote(l.replace(/^-[ \t]*/, '')));
    } else if (raw.startsWith('[')) {
      value = [raw, ...cont].join(' ').replace(/^\[|\].*$/g, '').split(',').map((s) => unquote(s.trim())).filter((s) => s !== '');
    } else value = unquote([raw, ...cont].join(' ').trim());
    out.set(m[1], value);
  }
  return out;
}

function unquote(s: string): string {
  if (s.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)"?/.exec(s);
    return (m ? m[1] : s.slice(1)).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? ' ' : c));
  }
  if (s.startsWith("'")) {
    const m = /^'((?:[^']|'')*)'?/.exec(s);
    return (m ? m[1] : s.slice(1)).replace(/''/g, "'");
  }
  return s.replace(/[ \t]+#.*$/, '').trim();
}
