// Macro definitions: `\newcommand{\x}[n][d]{body}`, `\def\x{body}`, `\NewDocumentCommand{\x}{spec}{body}`.
// Only a macro without arguments can be expanded to plain text, so only its body is returned.
import { BACKSLASH, LBRACE, LBRACK, NL, RBRACE, STAR } from '../../text/charCodes';
import { readName } from './reader';
import { DEF, NEWDOCCMD } from './commands';
import type { LatexReader } from './reader';

export interface Definition {
  /** Where the text resumes. */
  end: number;
  /** The macro's name, or '' unless it takes no arguments and its (short) body is complete. */
  macro: string;
  /** The body is `text[bodyStart, end - 1)`. */
  bodyStart: number;
}

/** The definition command `kind` (one of NEWCOMMAND, DEF, NEWDOCCMD) at `k`, right after its name. */
export function readDefinition(r: LatexReader, kind: string, k: number): Definition {
  const t = r.text;
  if (t.charCodeAt(k) === STAR) k++;
  let p = r.skipSpace(k);
  let macro = '';
  if (t.charCodeAt(p) === LBRACE) {
    const arg = r.rawArg(p);
    if (!arg) return skipped(k);
    const m = /^\s*\\([A-Za-z]+)\s*$/.exec(arg.value);
    macro = m ? m[1] : '';
    p = arg.end;
  } else if (t.charCodeAt(p) === BACKSLASH) {
    macro = readName(t, p + 1, r.end);
    p += 1 + Math.max(1, macro.length);
  } else return skipped(k);
  let args = false;
  if (DEF.has(kind)) {
    // Parameter text up to the body: `\def\x#1#2{...}`.
    let q = p;
    while (q < r.end && q - p < 64 && t.charCodeAt(q) !== LBRACE && t.charCodeAt(q) !== NL) q++;
    args = t.slice(p, q).includes('#');
    p = q;
  } else if (NEWDOCCMD.has(kind)) {
    const spec = r.rawArg(p);
    if (!spec) return skipped(p);
    args = spec.value.trim() !== '';
    p = spec.end;
  } else {
    let q = r.skipSpace(p);
    for (let n = 0; n < 2 && t.charCodeAt(q) === LBRACK; n++) {
      const c = r.findOptClose(q);
      if (c < 0) return skipped(r.stop);
      if (n === 0 && Number(t.slice(q + 1, c).trim()) > 0) args = true;
      p = c + 1;
      q = r.skipSpace(p);
    }
  }
  const b = r.skipSpace(p);
  if (b >= r.end || t.charCodeAt(b) !== LBRACE) return skipped(p);
  const bodyEnd = r.matchBrace(b);
  if (t.charCodeAt(bodyEnd - 1) !== RBRACE) return skipped(bodyEnd);
  return { end: bodyEnd, macro: macro && !args && bodyEnd - b < 400 ? macro : '', bodyStart: b + 1 };
}

function skipped(end: number): Definition {
  return { end, macro: '', bodyStart: -1 };
}
