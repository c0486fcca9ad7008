/**
 * Which files the library reads (no `vscode`; unit-tested). The VS Code side (sources.ts) finds
 * the candidates; these rules choose among them and build the source list.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { SourceSpec } from '../../core/library';
import { sourceList } from '../../core/sources/sourceList';

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
 * every .bib of the workspace. Then corpus files, then the bundled corpus (core `sourceList`). The
 * workspace fallback is sorted, so the same workspace always gives the same list.
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
  return { sources: sourceList({ bibliographies: bibs, corpora: c.corpus, bundled: c.bundled }), rule };
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
