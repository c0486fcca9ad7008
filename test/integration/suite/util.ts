// Shared by the extension-host suites (each bundles its own copy: see scripts/test-host/build-tests.mjs).
import * as vscode from 'vscode';
import { readSettings } from '../../../src/extension/config';
import type { RelatedWorkApi } from '../../../src/extension/extension';
import type { FeatureDeps } from '../../../src/extension/features';

/** publisher.name from package.json. */
export const EXTENSION_ID = 'related-work.related-work';

/** Polls `probe` every 100 ms until it gives something other than undefined, null or false. */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 60_000): Promise<Exclude<T, undefined | null | false>> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v as Exclude<T, undefined | null | false>;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `promise`, or an error naming `what` once `ms` pass (so a hang says where it hung). */
export async function within<T>(ms: number, what: string, promise: Thenable<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Puts `uri` back to `original` and saved, through the editor, not behind its back: a file
 * rewritten on disk while VS Code holds it open is reloaded asynchronously, and a save racing that
 * reload could wait for a long time.
 */
export async function restoreFile(uri: vscode.Uri, original: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.isDirty) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  if (doc.getText() !== original) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not restore ${uri.fsPath}`);
  }
  if (doc.isDirty) await doc.save();
  await waitFor(`${uri.fsPath} to be restored`, () => (doc.getText() === original && !doc.isDirty) || undefined);
}

/** Opens a file of the fixture workspace as `language`, and the extension's services once it is active. */
export async function openFixture(relativePath: string, language: string): Promise<{ editor: vscode.TextEditor; api: RelatedWorkApi }> {
  const folder = vscode.workspace.workspaceFolders![0]!;
  let doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, ...relativePath.split('/')));
  if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  const editor = await vscode.window.showTextDocument(doc);
  const ext = vscode.extensions.getExtension<RelatedWorkApi>(EXTENSION_ID)!;
  await waitFor('the extension to activate', () => ext.isActive);
  return { editor, api: ext.exports };
}

/** What a feature needs, taken from the running extension, for calling a feature's function directly. */
export function featureDeps(api: RelatedWorkApi): FeatureDeps {
  return {
    context: undefined as unknown as vscode.ExtensionContext,
    library: api.library,
    drafts: api.drafts,
    output: { appendLine: () => undefined } as unknown as vscode.OutputChannel,
    settings: () => readSettings(),
    online: api.online,
  };
}
