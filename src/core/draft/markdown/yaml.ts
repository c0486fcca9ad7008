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
