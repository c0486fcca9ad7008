/**
 * Which source problems are new since the user last heard of them (no `vscode` import;
 * unit-tested). Problems are grouped by file; a file's problems are announced again only when
 * they change (another line, another message), not on every reload of an unchanged file.
 */
import { isWarning, type SourceError } from '../../core/model';

export function groupByFile(errors: readonly SourceError[]): Map<string, SourceError[]> {
  const byFile = new Map<string, SourceError[]>();
  for (const e of errors) {
    const list = byFile.get(e.file);
    if (list) list.push(e);
    else byFile.set(e.file, [e]);
  }
  return byFile;
}

/**
 * What makes two problems "the same" across reloads: severity and message with numbers blanked,
 * so a problem that only moved (lines added above it) is not news.
 */
export function problemKey(e: SourceError): string {
  return `${e.severity ?? 'error'}\0${e.message.replace(/\d+/g, '#')}`;
}

function counts(errors: readonly SourceError[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of errors) m.set(problemKey(e), (m.get(problemKey(e)) ?? 0) + 1);
  return m;
}

export class ProblemTracker {
  private readonly announced = new Map<string, Map<string, number>>();

  /**
   * Takes every problem of the current sources and the files in use; returns the files that
   * have a problem not announced before (with all their problems), and remembers the current
   * problems as announced. Fixing problems announces nothing; a problem fixed and then made
   * again is news again. A file that merely left the sources (another draft is active) keeps
   * its memory, so switching between drafts does not repeat warnings.
   */
  update(errors: readonly SourceError[], filesInUse: Iterable<string>): Map<string, SourceError[]> {
    const byFile = groupByFile(errors);
    const changed = new Map<string, SourceError[]>();
    for (const file of filesInUse) if (!byFile.has(file)) this.announced.delete(file);
    for (const [file, list] of byFile) {
      const now = counts(list);
      const before = this.announced.get(file);
      if ([...now].some(([k, n]) => n > (before?.get(k) ?? 0))) changed.set(file, list);
      this.announced.set(file, now);
    }
    return changed;
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * One line for a notification about the problems of several files.
 * @example warningText(new Map([['/w/refs.bib', [err]]]), basename) // 'Related Work: 1 problem in refs.bib (line 12: ...) — the other entries were loaded.'
 */
export function warningText(changed: ReadonlyMap<string, readonly SourceError[]>, name: (file: string) => string): string {
  const files = [...changed.keys()];
  const all = [...changed.values()].flat();
  const errors = all.filter((e) => !isWarning(e)).length;
  const warnings = all.length - errors;
  const kinds =
    errors && warnings ? ` (${plural(errors, 'error')}, ${plural(warnings, 'warning')})` : warnings ? ` (${plural(warnings, 'warning')})` : '';
  let where: string;
  if (files.length === 1) {
    where = name(files[0]);
    if (all.length === 1) {
      const e = all[0];
      const msg = e.message.length > 80 ? `${e.message.slice(0, 77)}…` : e.message;
      return `Related Work: 1 problem in ${where}${e.line !== undefined ? ` (line ${e.line}: ${msg})` : ` (${msg})`} — the other entries were loaded.`;
    }
  } else {
    const shown = files.slice(0, 3).map(name).join(', ');
    where = `${files.length} files (${shown}${files.length > 3 ? ', …' : ''})`;
  }
  return `Related Work: ${plural(all.length, 'problem')}${kinds} in ${where} — the other entries were loaded.`;
}

/** `1 problem`, `2 problems`, `1,024 papers`: a count with its noun in the right number. */
export function counted(x: number, singular: string, plural = `${singular}s`): string {
  return `${x.toLocaleString('en-US')} ${x === 1 ? singular : plural}`;
}
