// Where a LaTeX island ends (see decode.ts): as far as citation-js will read it as one piece, so
// that decoding an island alone gives what decoding the whole value would.
import {
  argumentCommands,
  commands,
  diacritics,
  formattingCommands,
  formattingEnvs,
  mathCommands,
} from '@citation-js/plugin-bibtex/lib/input/constants.js';
import { CH_BACKSLASH, CH_DOLLAR, CH_LBRACE, CH_RBRACE, isSpace } from './chars';

/** End (exclusive) of the LaTeX island that starts at `j` (a `\\`, `{`, `}` or `$`). */
export function islandEnd(s: string, j: number): number {
  const c = s.charCodeAt(j);
  if (c === CH_LBRACE) return groupEnd(s, j);
  if (c === CH_BACKSLASH) return commandEnd(s, j);
  if (c === CH_DOLLAR) return mathEnd(s, j);
  return j + 1; // a stray "}"
}

function groupEnd(s: string, j: number): number {
  let depth = 0;
  for (let k = j; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === CH_BACKSLASH) k++;
    else if (c === CH_LBRACE) depth++;
    else if (c === CH_RBRACE && --depth === 0) return k + 1;
  }
  return s.length;
}

function mathEnd(s: string, j: number): number {
  const k = s.indexOf('$', j + 1);
  return k < 0 ? s.length : k + 1;
}

/** A command with what citation-js will read as its arguments (the tables decide how many). */
function commandEnd(s: string, j: number): number {
  let k = j + 1;
  if (k >= s.length) return k;
  let name: string;
  if (isLetter(s.charCodeAt(k))) {
    while (k < s.length && isLetter(s.charCodeAt(k))) k++;
    name = s.slice(j + 1, k);
  } else {
    name = s[k++];
  }
  while (s.charCodeAt(k) === 32) k++; // the command token takes the spaces after it
  if (name === 'begin' || Object.hasOwn(formattingEnvs, name)) return s.length; // \begin...\end, {\em ...
  if (Object.hasOwn(formattingCommands, name)) return s.charCodeAt(k) === CH_LBRACE ? groupEnd(s, k) : k;
  if (Object.hasOwn(commands, name) || Object.hasOwn(mathCommands, name)) return k;
  if (Object.hasOwn(diacritics, name)) return argumentEnd(s, k);
  if (Object.hasOwn(argumentCommands, name)) {
    for (let arity = argumentCommands[name].length; arity > 0; arity--) {
      let q = k;
      while (q < s.length && isSpace(s.charCodeAt(q))) q++;
      if (s.charCodeAt(q) !== CH_LBRACE) break;
      k = groupEnd(s, q);
    }
  }
  return k;
}

/** The one argument of an accent: a group, a command, math, or the rest of the word. */
function argumentEnd(s: string, k: number): number {
  if (k >= s.length) return k;
  const c = s.charCodeAt(k);
  if (c === CH_LBRACE) return groupEnd(s, k);
  if (c === CH_BACKSLASH) return commandEnd(s, k);
  if (c === CH_DOLLAR) return mathEnd(s, k);
  let q = k;
  while (q < s.length && !/[{$}\s~\\]/.test(s[q])) q++;
  return q;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
