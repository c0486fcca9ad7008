/**
 * Command `relatedWork.insertCitation`: cites a paper at the cursor. Its argument (from the sidebar)
 * is a record or a key; without one, a QuickPick offers the papers ranked for the paragraph at the
 * cursor. A paper the .bib lacks gets its entry in the same `WorkspaceEdit` as the citation: one
 * undo (Ctrl+Z, or the notification's Undo) takes back both.
 */
import * as vscode from 'vscode';
import type { PaperRecord } from '../../core/model';
import { Commands } from '../commands';
import type { FeatureDeps } from '../features';
import { pickPaper, recordFromArg } from '../search/pickPaper';
import { trusted } from './addToBibliography';
import { addEntryEdit, entryWritten, prepareEntry, rel, stillCurrent, withEntryLock, type EntryWrite } from './bibEntry';

export function registerInsertCitation(deps: FeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.insertCitation, async (arg?: unknown): Promise<boolean> => {
    // Remember the draft editor now: the picker takes the focus.
    const editor = deps.drafts.activeEditor;
    const record = arg === undefined ? await pickPaper(deps, 'Insert Citation') : await recordFromArg(deps, arg);
    if (!record) return false;
    return insertCitation(deps, record, editor);
  });
}

/**
 * Cites `record` at the cursor of `editor` (default: the last focused draft editor): a new
 * citation in the draft's own style, or the key merged into the citation group the cursor is in;
 * a key already in that group is not repeated. A paper that is not in the user's bibliography gets
 * its entry in the same edit (its key made unique), so the citation never dangles. False when
 * nothing was inserted (cancelled, untrusted workspace, no draft editor).
 */
export async function insertCitation(deps: FeatureDeps, record: PaperRecord, editor?: vscode.TextEditor): Promise<boolean> {
  if (!trusted('insert citations')) return false;
  const target = editor ?? deps.drafts.activeEditor;
  if (!target || target.document.isClosed) {
    void vscode.window.showErrorMessage('Open a LaTeX or Markdown draft to insert a citation into.');
    return false;
  }
  const format = draftFormat(deps, target.document);
  if (!format) {
    void vscode.window.showErrorMessage(`Citations can only be inserted into LaTeX or Markdown, not ${target.document.languageId}.`);
    return false;
  }
  const document = target.document;
  let cursorAfter: number | undefined;
  const done = await citeWithEntry(deps, record, document, async (key) => {
    const version = document.version;
    const offset = document.offsetAt(target.selection.active);
    const text = document.getText();
    const result = await deps.library.citeEdit({ draft: { text, format }, offset, key, command: deps.settings().latexCiteCommand });
    if (result.kind !== 'edit') return { kind: 'nothing', message: `\`${key}\` is already cited here.` };
    const { edit } = result;
    // The cursor goes after an insertion made at the cursor (or at the end of the word it was in),
    // so typing goes on after the citation.
    cursorAfter = edit.start === edit.end && edit.start >= offset && /^[\p{L}\p{N}]*$/u.test(text.slice(offset, edit.start)) ? edit.start + edit.text.length : undefined;
    return { kind: 'edit', start: edit.start, end: edit.end, text: edit.text, version };
  });
  if (done !== 'applied') return done === 'nothing';
  // Back to the draft (the command may come from the sidebar or a picker).
  const shown = vscode.window.visibleTextEditors.includes(target)
    ? await vscode.window.showTextDocument(document, { viewColumn: target.viewColumn, preserveFocus: false })
    : target;
  if (cursorAfter !== undefined) {
    const end = document.positionAt(cursorAfter);
    shown.selection = new vscode.Selection(end, end);
  }
  return true;
}

/** A change to a draft, planned on its text at `version`; or why there is none to make. */
export type DraftPlan = { kind: 'edit'; start: number; end: number; text: string; version: number } | { kind: 'nothing'; message: string };

/**
 * Puts `record`'s key into `document` by the change `planDraft` makes for the key, adding its
 * entry to the .bib in the same WorkspaceEdit when the bibliography lacks it, and says so in a
 * notification whose Undo takes back both. Planned again (up to three times) when the draft or
 * the .bib changed while the engine answered.
 */
export async function citeWithEntry(
  deps: FeatureDeps,
  record: PaperRecord,
  document: vscode.TextDocument,
  planDraft: (key: string) => Promise<DraftPlan>,
): Promise<'applied' | 'nothing' | 'failed'> {
  return withEntryLock(deps, async () => {
    const accepted = new Set<string>();
    for (let attempt = 0; attempt < 3; attempt++) {
      const step = await prepareEntry(deps, record, { draft: document, onKeyTaken: 'rename', accepted });
      if (!step) return 'failed';
      const plan = await planDraft(step.key);
      if (plan.kind === 'nothing') {
        void vscode.window.showInformationMessage(plan.message);
        return 'nothing';
      }
      if (document.version !== plan.version || (step.write && !stillCurrent(step.write))) continue;
      const edit = new vscode.WorkspaceEdit();
      if (step.write) addEntryEdit(edit, step.write);
      const replaced = document.getText().slice(plan.start, plan.end);
      // The key as written (an entry added for it): the draft is left alone, not even marked dirty.
      if (replaced !== plan.text) edit.replace(document.uri, new vscode.Range(document.positionAt(plan.start), document.positionAt(plan.end)), plan.text);
      if (!(await vscode.workspace.applyEdit(edit))) {
        void vscode.window.showErrorMessage(`Could not cite \`${step.key}\` in ${rel(document.uri.fsPath)}.`);
        return 'failed';
      }
      if (step.write) {
        const saved = await entryWritten(deps, step.write, step.key);
        const draftChange = { document, start: plan.start, inserted: plan.text, replaced };
        void offerUndo(deps, step.key, step.write, saved, draftChange);
      }
      return 'applied';
    }
    void vscode.window.showErrorMessage(`The draft or the .bib kept changing: "${record.title}" was not cited. Try again.`);
    return 'failed';
  });
}

/**
 * The notification of a citation that also added an entry, with Undo: it takes back both changes
 * when both are still as made (and saves the .bib back when it was saved), else says why not, or
 * that they are already undone when the user clicks it after Ctrl+Z.
 */
async function offerUndo(
  deps: FeatureDeps,
  key: string,
  write: EntryWrite,
  saved: boolean,
  draft: { document: vscode.TextDocument; start: number; inserted: string; replaced: string },
): Promise<void> {
  const undo = 'Undo';
  const draftChanged = draft.inserted !== draft.replaced;
  const what = draftChanged ? `Cited \`${key}\` and added its entry` : `Added the entry for \`${key}\``;
  const answer = await vscode.window.showInformationMessage(`${what} to ${rel(write.uri.fsPath)}.`, undo);
  if (answer !== undo) return;
  const bib = await vscode.workspace.openTextDocument(write.uri);
  const draftNow = draft.document.getText().slice(draft.start, draft.start + draft.inserted.length);
  const bibNow = bib.getText().slice(write.offset, write.offset + write.text.length);
  // Ctrl+Z got there first (the notification cannot be taken back): nothing left to undo.
  const draftBack = !draftChanged || (draftNow !== draft.inserted && draft.document.getText().startsWith(draft.replaced, draft.start));
  if (draftBack && !bib.getText().includes(write.text)) {
    const undone = draftChanged ? `The citation of \`${key}\` and its entry are` : `The entry for \`${key}\` is`;
    void vscode.window.showInformationMessage(`${undone} already undone.`);
    return;
  }
  if ((draftChanged && draftNow !== draft.inserted) || bibNow !== write.text) {
    void vscode.window.showWarningMessage(`The draft or ${rel(write.uri.fsPath)} changed since \`${key}\` was cited: undo there with Ctrl+Z.`);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  if (draftChanged) edit.replace(draft.document.uri, new vscode.Range(draft.document.positionAt(draft.start), draft.document.positionAt(draft.start + draft.inserted.length)), draft.replaced);
  edit.delete(write.uri, new vscode.Range(bib.positionAt(write.offset), bib.positionAt(write.offset + write.text.length)));
  if (!(await vscode.workspace.applyEdit(edit))) return;
  if (saved) await bib.save();
  deps.output.appendLine(`Undid ${draftChanged ? `the citation of ${key} and ` : ''}the entry for ${key} in ${write.uri.fsPath}`);
}

function draftFormat(deps: FeatureDeps, document: vscode.TextDocument): 'latex' | 'markdown' | undefined {
  const format = deps.drafts.get(document)?.format;
  if (format === 'latex' || format === 'markdown') return format;
  if (document.languageId === 'latex' || document.languageId === 'tex') return 'latex';
  if (document.languageId === 'markdown') return 'markdown';
  return undefined;
}
