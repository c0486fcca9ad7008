// The files a document names: included sources (`\input`, `\include`, `\subfile`, `\import`, ...)
// and bibliographies (`\bibliography`, `\addbibresource`, ...), as written (no extension added).
import { BACKSLASH, PERCENT, RBRACE, SP, isHSpace } from '../../text/charCodes';
import { BIB_LIST, BIB_RESOURCE } from './commands';
import type { LatexReader } from './reader';

/** File names read from a command's arguments, and where the text resumes. */
export interface FileNames {
  names: string[];
  end: number;
}

/**
 * `\input{file}` (one of INCLUDE_1) at `k`, right after the name; also TeX's `\input file.tex`.
 * Undefined when no file name follows.
 */
export function readInclude(r: LatexReader, name: string, k: number): FileNames | undefined {
  const t = r.text;
  const arg = r.rawArg(k);
  if (arg) {
    const file = arg.value.trim();
    return { names: file ? [file] : [], end: arg.end };
  }
  if (name === 'input' && isHSpace(t.charCodeAt(k))) {
    let p = k;
    while (p < r.end && isHSpace(t.charCodeAt(p))) p++;
    let q = p;
    while (q < r.end && t.charCodeAt(q) > SP && t.charCodeAt(q) !== BACKSLASH && t.charCodeAt(q) !== PERCENT && t.charCodeAt(q) !== RBRACE) q++;
    if (q > p) return { names: [t.slice(p, q)], end: q };
  }
  return undefined;
}

/** `\import{dir}{file}` (one of INCLUDE_2): the file under the directory. */
export function readImport(r: LatexReader, k: number): FileNames {
  const dir = r.rawArg(k);
  const file = dir && r.rawArg(dir.end);
  if (!dir || !file) return { names: [], end: dir ? dir.end : k };
  const d = dir.value.trim();
  return { names: [d === '' || d.endsWith('/') ? d + file.value.trim() : `${d}/${file.value.trim()}`], end: file.end };
}

/** `\bibliography{a,b}` (a list) or `\addbibresource[opts]{a.bib}` (one file). */
export function readBibliographies(r: LatexReader, name: string, k: number): FileNames {
  const p = BIB_RESOURCE.has(name) ? r.skipArgs(k, 0) : k;
  const arg = r.rawArg(p);
  if (!arg) return { names: [], end: p };
  const names = BIB_LIST.has(name) ? arg.value.split(',') : [arg.value];
  return { names: names.map((n) => n.trim()).filter((n) => n !== ''), end: arg.end };
}
