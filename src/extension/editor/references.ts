/**
 * Find All References on a citation key, from its .bib entry (`@article{key,`) or from a citation
 * of it in a draft: every citation of the key in the workspace's LaTeX and Markdown files (open
 * editors as they are, unsaved text included; other files from disk).
 */
import * as vscode from 'vscode';
import { detectFormat, scanDraft } from '../../core/draft/scan';
import type { FeatureDeps } from '../features';
import { citationAt } from './hover';

const DRAFTS = '**/*.{tex,latex,ltx,md,markdown,qmd,rmd,Rmd}';
const MAX_FILES = 2000;
/** An entry's header line: `@type{key,` (the key is what the cursor may be on). */
const ENTRY_HEADER = /^(\s*@\s*[A-Za-z]+\s*[{(]\s*)([^\s,{}()"#%'=\\]+)\s*,/;

export function registerReferences(deps: FeatureDeps): vscode.Disposable {
  const provider: vscode.ReferenceProvider = {
    provideReferences: async (document, position, _context, token) => {
      const key = keyAt(deps, document, position);
      return key ? citationsOf(key, token) : undefined;
    },
  };
  return vscode.languages.registerReferenceProvider(
    [{ pattern: '**/*.bib' }, { language: 'bibtex' }, { language: 'latex' }, { language: 'markdown' }],
    provider,
  );
}

/** The key under the cursor: an entry's key in a .bib, a cited key in a draft. */
function keyAt(deps: FeatureDeps, document: vscode.TextDocument, position: vscode.Position): string | undefined {
  const snapshot = deps.drafts.get(document);
  if (snapshot) return citationAt(snapshot.draft.citations, snapshot.text, document.offsetAt(position))?.key;
  const m = ENTRY_HEADER.exec(document.lineAt(position.line).text);
  if (!m) return undefined;
  const start = m[1].length;
  return position.character >= start && position.character <= start + m[2].length ? m[2] : undefined;
}

async function citationsOf(key: string, token: vscode.CancellationToken): Promise<vscode.Location[]> {
  const files = await vscode.workspace.findFiles(DRAFTS, '**/node_modules/**', MAX_FILES, token);
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  const out: vscode.Location[] = [];
  const uris = new Map(files.map((u) => [u.toString(), u]));
  for (const d of open.values()) if (d.languageId === 'latex' || d.languageId === 'markdown') uris.set(d.uri.toString(), d.uri);
  for (const uri of uris.values()) {
    if (token.isCancellationRequested) break;
    const doc = open.get(uri.toString());
    let text: string;
    try {
      text = doc ? doc.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      continue; // gone since the search
    }
    if (!text.includes(key)) continue;
    const format = doc?.languageId === 'latex' ? 'latex' : doc?.languageId === 'markdown' ? 'markdown' : detectFormat(uri.path, text);
    if (format === 'text') continue;
    const lines = lineStarts(text);
    for (const c of scanDraft(text, format).citations) {
      if (c.key === key) out.push(new vscode.Location(uri, new vscode.Range(positionOf(lines, c.start), positionOf(lines, c.end))));
    }
  }
  return out;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionOf(starts: number[], offset: number): vscode.Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return new vscode.Position(lo, offset - starts[lo]!);
}
