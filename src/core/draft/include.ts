/**
 * Follows a draft's `\input` / `\include` / `\subfile` / `\import` tree and collects the
 * bibliography files it names. File access is injected, so tests use an in-memory map and the
 * CLI / extension the real file system.
 */
import path from 'node:path';
import { scanLatex } from './latex';
import { detectFormat, scanDraft } from './scan';
import type { ScannedDraft } from './types';

/** Reads a file by absolute path; undefined when it does not exist or cannot be read. */
export type ReadFile = (absPath: string) => Promise<string | undefined>;

export interface ResolvedFile {
  /** Absolute path. */
  path: string;
  text: string;
  draft: ScannedDraft;
}

export interface ResolvedDraft {
  /** The root first, then included files depth-first in document order. Empty if the root cannot be read. */
  files: ResolvedFile[];
  /** Absolute paths of the bibliography files named by any file, without duplicates (`.bib` added when missing for `\bibliography`). */
  bibliographies: string[];
  /** Absolute paths of included files that could not be read. */
  missing: string[];
}

const MAX_DEPTH = 20;

/**
 * Reads the root draft and, for LaTeX, every file it includes (recursively; cycles and nesting
 * deeper than 20 are cut). LaTeX resolves `\input` and `\bibliography` relative to the root's
 * folder; a file not found there is also looked for next to the including file (`\subimport`,
 * nested subfiles). Markdown bibliographies are relative to the Markdown file.
 * @example await resolveDraft('/papers/acl/main.tex', (p) => fs.readFile(p, 'utf8').catch(() => undefined))
 */
export async function resolveDraft(rootPath: string, readFile: ReadFile): Promise<ResolvedDraft> {
  const root = path.resolve(rootPath);
  const rootDir = path.dirname(root);
  const files: ResolvedFile[] = [];
  const bibliographies: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const macros = new Map<string, string>();

  const read = async (p: string): Promise<string | undefined> => {
    try {
      return await readFile(p);
    } catch {
      return undefined;
    }
  };
  const addBib = (p: string): void => {
    if (!bibliographies.includes(p)) bibliographies.push(p);
  };

  const visit = async (file: string, text: string, depth: number): Promise<void> => {
    seen.add(file);
    const format = detectFormat(file, text);
    const draft = format === 'latex' ? scanLatex(text, { macros }) : scanDraft(text, format);
    files.push({ path: file, text, draft });
    if (format === 'markdown') {
      for (const b of draft.bibliographies) addBib(path.resolve(path.dirname(file), b));
      return;
    }
    if (format !== 'latex') return;
    for (const b of draft.bibliographies) addBib(path.resolve(rootDir, /\.bib$/i.test(b) ? b : `${b}.bib`));
    if (depth >= MAX_DEPTH) return;
    for (const inc of draft.includes) {
      const candidates = texCandidates(inc, rootDir, path.dirname(file));
      if (candidates.some((c) => seen.has(c))) continue; // a cycle, or included twice
      let found = false;
      for (const c of candidates) {
        const t = await read(c);
        if (t !== undefined) {
          found = true;
          await visit(c, t, depth + 1);
          break;
        }
      }
      if (!found && !missing.includes(candidates[0])) missing.push(candidates[0]);
    }
  };

  const text = await read(root);
  if (text !== undefined) await visit(root, text, 0);
  return { files, bibliographies, missing };
}

/** Where LaTeX looks for `\input{name}`: `name.tex` then `name`, next to the root, then next to the including file. */
function texCandidates(name: string, rootDir: string, fileDir: string): string[] {
  const names = /\.tex$/i.test(name) ? [name] : [`${name}.tex`, name];
  const dirs = rootDir === fileDir || path.isAbsolute(name) ? [rootDir] : [rootDir, fileDir];
  const out: string[] = [];
  for (const d of dirs) for (const n of names) {
    const p = path.resolve(d, n);
    if (!out.includes(p)) out.push(p);
  }
  return out;
}
