// Citation commands: `\citep[see][p. 3]{a, b}` and biblatex's `\cites(pre)(post)[n]{a}[n]{b}`.
// Read on a LatexReader, so the scanner and the completion context (latexCiteAt) agree on them.
import type { CitationRef } from '../types';
import { BACKSLASH, COMMA, LBRACE, LBRACK, LPAREN, NL, PERCENT, RBRACE, SP, STAR } from '../../text/charCodes';
import type { LatexReader } from './reader';

/** True for a character that may be part of a LaTeX citation key. */
export function isLatexKeyChar(c: number): boolean {
  return c > SP && c !== COMMA && c !== LBRACE && c !== RBRACE && c !== PERCENT && c !== BACKSLASH && c !== 0x7f;
}

/** The cite command (its backslash) and key start where the text ends inside a key group. */
export interface OpenCite {
  command: number;
  keyStart: number;
}

/** A cite command as read. */
export interface CiteCommand {
  /** Its keys, each with the group set to the command up to the end of its last key group. */
  refs: CitationRef[];
  /** Where the text resumes. */
  resume: number;
  groupEnd: number;
  /** Set when the text ends on a key or right after `{` / `,`: the key being typed. */
  open: OpenCite | undefined;
}

/**
 * Reads the cite command `name` whose backslash is at `cmdStart`, from `k` (right after the name).
 * Undefined when a global (pre)(post) note is left open: the rest of the text is not read.
 */
export function readCite(r: LatexReader, cmdStart: number, name: string, k: number): CiteCommand | undefined {
  const t = r.text;
  const end = r.end;
  if (t.charCodeAt(k) === STAR) k++;
  const multi = name.endsWith('cites');
  const refs: CitationRef[] = [];
  let resume = k;
  let groupEnd = k;
  if (multi) {
    // Global (pre)(post) notes of biblatex multicite commands.
    for (let n = 0; n < 2; n++) {
      const p = r.skipSpace(k);
      if (t.charCodeAt(p) !== LPAREN) break;
      const q = t.indexOf(')', p);
      if (q < 0 || q >= end) return undefined;
      k = resume = groupEnd = q + 1;
    }
  }
  for (;;) {
    let p = r.skipSpace(k);
    let opts = 0;
    let optEnd = k;
    while (opts < 2 && p < end && t.charCodeAt(p) === LBRACK) {
      const q = r.findOptClose(p);
      if (q < 0) {
        // Unfinished optional argument: skip it, no keys.
        return citeCommand(refs, refs.length > 0 ? resume : r.stop, groupEnd, undefined);
      }
      optEnd = q + 1;
      p = r.skipSpace(optEnd);
      opts++;
    }
    if (p >= end || t.charCodeAt(p) !== LBRACE) {
      if (refs.length === 0 && opts > 0) resume = optEnd;
      break;
    }
    const g = keyGroup(r, p, cmdStart, name, refs);
    resume = g.resume;
    groupEnd = g.end;
    if (!g.closed || !multi) return citeCommand(refs, resume, groupEnd, g.open);
    k = g.resume;
  }
  return citeCommand(refs, resume, groupEnd, undefined);
}

function citeCommand(refs: CitationRef[], resume: number, groupEnd: number, open: OpenCite | undefined): CiteCommand {
  for (const ref of refs) ref.group.end = groupEnd;
  return { refs, resume, groupEnd, open };
}

interface KeyGroup {
  resume: number;
  closed: boolean;
  end: number;
  open: OpenCite | undefined;
}

/** Parses `{a, b}` at `p`; adds refs; returns where to resume and whether the group closed. */
function keyGroup(r: LatexReader, p: number, cmdStart: number, name: string, refs: CitationRef[]): KeyGroup {
  const t = r.text;
  const end = r.end;
  let q = p + 1;
  let last: CitationRef | undefined;
  let lastEnd = q;
  for (;;) {
    q = r.skipSpace(q);
    if (q >= end) {
      let open: OpenCite | undefined;
      if (last && last.end === end) open = { command: cmdStart, keyStart: last.start };
      else if (!last) open = { command: cmdStart, keyStart: end };
      if (last) last.incomplete = true;
      return { resume: end, closed: false, end: lastEnd, open };
    }
    const c = t.charCodeAt(q);
    if (c === RBRACE) return { resume: q + 1, closed: true, end: q + 1, open: undefined };
    if (c === COMMA) {
      last = undefined;
      lastEnd = ++q;
      continue;
    }
    if (c === NL || last || !isLatexKeyChar(c)) {
      // A blank line or text that cannot be a key: the group was left unfinished.
      if (last) last.incomplete = true;
      return { resume: c === NL ? q : lastEnd, closed: false, end: lastEnd, open: undefined };
    }
    const ks = q;
    while (q < end && isLatexKeyChar(t.charCodeAt(q))) q++;
    const key = t.slice(ks, q);
    last = { key, start: ks, end: q, command: name, incomplete: false, group: { start: cmdStart, end: q } };
    if (!(name === 'nocite' && key === '*')) refs.push(last);
    lastEnd = q;
  }
}
