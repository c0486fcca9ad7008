import { CH_LBRACE, CH_RBRACE, isSpace } from './chars';

const NAME_SEPARATOR = /\s+and\s+/iy;

/** Splits an author list at the top-level " and "s (not inside braces: {Barnes and Noble}). */
export function splitNames(raw: string): string[] {
  const parts: string[] = [];
  if (!raw.includes('{')) {
    for (const part of raw.split(/\s+and\s+/i)) if (part.trim()) parts.push(part.trim());
    return parts;
  }
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === CH_LBRACE) depth++;
    else if (c === CH_RBRACE) depth--;
    else if (depth === 0 && isSpace(c)) {
      NAME_SEPARATOR.lastIndex = i;
      if (NAME_SEPARATOR.test(raw)) {
        parts.push(raw.slice(start, i));
        start = NAME_SEPARATOR.lastIndex;
        i = start - 1;
      }
    }
  }
  parts.push(raw.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}
