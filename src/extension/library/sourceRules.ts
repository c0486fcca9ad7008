/**
 * Which files the library reads (no `vscode`; unit-tested). The VS Code side (sources.ts) finds
 * the candidates; these rules choose among them and build the source list.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { SourceSpec } from '../../core/library';

export interface SourceCandidates {
  /** Files matched by `relatedWork.bibliographyFiles` (undefined when the setting is empty). */
  configured?: string[];
  /** Bibliography files the active draft names that exist (undefined when there is no active draft). */
  namedByDraft?: string[];
  /** Every .bib of the workspace (outside node_modules). */
  workspaceBibs: string[];
  /** Corpus files from `relatedWork.corpusFiles`, absolute (only in trusted workspaces). */
  corpus: string[];
  /** The bundled corpus, when `relatedWork.useBundledCorpus` is on. */
  bundled?: string;
}

export type BibliographyRule = 'setting' | 'draft' | 'workspace';

/**
 * Bibliography files: the setting's globs if set; else the files the active draft names; else
 * every .bib of the workspace. Then corpus files, then the bundled corpus. Paths are de-duplicated
 * and the workspace fallback is sorted, so the same inputs always give the same list (the cache
 * key depends on the order).
 */
export function chooseSources(c: SourceCandidates): { sources: SourceSpec[]; rule: BibliographyRule } {
  let rule: BibliographyRule;
  let bibs: string[];
  if (c.configured !== undefined) {
    rule = 'setting';
    bibs = c.configured;
  } else if (c.namedByDraft?.length) {
    rule = 'draft';
    bibs = c.namedByDraft;
  } else {
    rule = 'workspace';
    bibs = [...c.workspaceBibs].sort();
  }
  const seen = new Set<string>();
  const sources: SourceSpec[] = [];
  const add = (file: string, role: SourceSpec['role']) => {
    if (seen.has(file)) return;
    seen.add(file);
    sources.push({ file, role });
  };
  for (const f of bibs) add(f, 'bibliography');
  for (const f of c.corpus) add(f, 'corpus');
  if (c.bundled) add(c.bundled, 'default');
  return { sources, rule };
}

/** True when both lists name the same files with the same roles in the same order. */
export function sameSources(a: readonly SourceSpec[] | undefined, b: readonly SourceSpec[]): boolean {
  return a !== undefined && a.length === b.length && a.every((s, i) => s.file === b[i].file && s.role === b[i].role);
}

/**
 * A path from the settings as an absolute path: `~/` is the home folder, relative paths are
 * relative to the workspace folder (undefined when there is none).
 * @example resolveSettingPath('data/acl.jsonl.gz', '/work/paper') // '/work/paper/data/acl.jsonl.gz'
 */
export function resolveSettingPath(p: string, workspaceFolder: string | undefined, home = os.homedir()): string | undefined {
  const trimmed = p.trim();
  if (!trimmed) return undefined;
  if (trimmed === '~' || trimmed.startsWith('~/')) return path.join(home, trimmed.slice(1));
  if (path.isAbsolute(trimmed)) return path.normalize(trimmed);
  return workspaceFolder ? path.resolve(workspaceFolder, trimmed) : undefined;
}
