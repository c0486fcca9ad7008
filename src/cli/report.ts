/** Everything the CLI prints: tables for people, JSON for programs, errors as `file:line: message`. */
import path from 'node:path';
import { formatSourceError, type SourceError } from '../core/model';
import type { Suggestion } from '../core/rank/rank';

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Terminal width for tables, undefined when not a terminal. */
  columns?: number;
}

/** Paths under the working directory are shown relative to it: shorter, and still clickable. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function reportErrors(errors: SourceError[], io: Output): void {
  for (const e of errors) io.err(`related-work: ${formatSourceError({ ...e, file: displayPath(e.file) })}`);
}

function shortAuthors(authors: string[]): string {
  if (authors.length === 0) return '';
  const last = (name: string) => name.trim().split(/\s+/).pop() ?? name;
  if (authors.length === 1) return last(authors[0]);
  if (authors.length === 2) return `${last(authors[0])} & ${last(authors[1])}`;
  return `${last(authors[0])} et al.`;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** One line per suggestion, then an indented line with the author/year and why it matched. */
export function formatSuggestions(suggestions: Suggestion[], columns = 100): string[] {
  const lines: string[] = [];
  const top = suggestions[0]?.score || 1;
  suggestions.forEach((s, i) => {
    const badges = [
      s.alreadyCited ? 'cited' : '',
      s.inBibliography ? 'in .bib' : '',
      s.record.origin.kind === 'online' ? `online · ${s.record.origin.file}` : '',
    ].filter(Boolean);
    const rel = Math.round((100 * s.score) / top);
    const head = `${String(i + 1).padStart(3)}. ${String(rel).padStart(3)}%  `;
    lines.push(head + clip(s.record.title || '(untitled)', columns - head.length));
    const meta = [
      shortAuthors(s.record.authors),
      s.record.year ? String(s.record.year) : '',
      s.record.key ? `[${s.record.key}]` : '',
      badges.length ? `(${badges.join(', ')})` : '',
    ].filter(Boolean);
    const why = s.matchedTerms.length ? `  why: ${s.matchedTerms.slice(0, 6).join(', ')}` : '';
    lines.push(' '.repeat(head.length) + clip(meta.join(' ') + why, columns - head.length));
  });
  return lines;
}

/** The JSON form of a suggestion: the record's own fields plus the ranking facts. */
export function suggestionJson(s: Suggestion) {
  const { origin, ...record } = s.record;
  return {
    ...record,
    source: origin.line ? `${origin.file}:${origin.line}` : origin.file,
    ...(origin.kind === 'online' ? { online: true } : {}),
    score: Number(s.score.toFixed(4)),
    matchedTerms: s.matchedTerms,
    alreadyCited: s.alreadyCited,
  };
}
