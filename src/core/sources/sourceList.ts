/**
 * The list of sources a library reads, in the order the CLI and the extension agree on: the
 * user's bibliographies, then corpus files, then the bundled corpus. Each file once, in its first
 * role, so the same inputs always give the same list (the index cache key depends on it).
 */
import type { SourceSpec } from '../library';

export interface SourceFiles {
  bibliographies: readonly string[];
  corpora: readonly string[];
  /** The bundled default corpus, when in use. */
  bundled?: string;
}

/** `sourceList({bibliographies: ['a.bib'], corpora: ['a.bib', 'acl.jsonl']})` gives a.bib as a bibliography and acl.jsonl as a corpus. */
export function sourceList({ bibliographies, corpora, bundled }: SourceFiles): SourceSpec[] {
  const seen = new Set<string>();
  const sources: SourceSpec[] = [];
  const add = (file: string, role: SourceSpec['role']) => {
    if (seen.has(file)) return;
    seen.add(file);
    sources.push({ file, role });
  };
  for (const f of bibliographies) add(f, 'bibliography');
  for (const f of corpora) add(f, 'corpus');
  if (bundled) add(bundled, 'default');
  return sources;
}

/** True when both lists name the same files with the same roles in the same order. */
export function sameSources(a: readonly SourceSpec[] | undefined, b: readonly SourceSpec[]): boolean {
  return a !== undefined && a.length === b.length && a.every((s, i) => s.file === b[i].file && s.role === b[i].role);
}
