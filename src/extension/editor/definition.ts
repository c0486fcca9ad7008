/**
 * Go to Definition / Peek on a citation key (`\cite{a}`, `[@a]`): its entry in the user's .bib
 * (or CSL-JSON, or the corpus line it came from), as LaTeX Workshop and PandocCiter offer.
 */
import * as vscode from 'vscode';
import type { FeatureDeps } from '../features';
import { waitForLibrary } from '../library/ready';
import { citationAt } from './hover';

const SELECTOR: vscode.DocumentSelector = [{ language: 'latex' }, { language: 'markdown' }];
const READY_WAIT_MS = 1500;

export function registerDefinition(deps: FeatureDeps): vscode.Disposable {
  return vscode.languages.registerDefinitionProvider(SELECTOR, {
    provideDefinition: (document, position, token) => entryOfKeyAt(deps, document, position, token),
  });
}

async function entryOfKeyAt(
  deps: FeatureDeps,
  document: vscode.TextDocument,
  position: vscode.Position,
  token: vscode.CancellationToken,
): Promise<vscode.Location | undefined> {
  const snapshot = deps.drafts.get(document);
  if (!snapshot) return undefined;
  const ref = citationAt(snapshot.draft.citations, snapshot.text, document.offsetAt(position));
  if (!ref || !(await waitForLibrary(deps.library, READY_WAIT_MS, token))) return undefined;
  const [record] = await deps.library.lookup({ keys: [ref.key] });
  // Only a record that is the key's (a key not found comes back by id only for corpus papers).
  if (!record || record.key !== ref.key || token.isCancellationRequested) return undefined;
  const { file, line } = record.origin;
  if (!file || record.origin.kind === 'online' || record.origin.kind === 'default') return undefined;
  return new vscode.Location(vscode.Uri.file(file), new vscode.Position(Math.max(0, (line ?? 1) - 1), 0));
}
