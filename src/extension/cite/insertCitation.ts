/**
 * Command `relatedWork.insertCitation`: cites a paper at the cursor. Its argument (from the sidebar)
 * is a record or a key; without one, a QuickPick offers the papers ranked for the paragraph at the
 * cursor.
 */
import * as vscode from 'vscode';
import type { CitationEdit } from '../../core/cite/insert';
import type { PaperRecord } from '../../core/model';
import { Commands } from '../commands';
import type { FeatureDeps } from '../features';
import { pickPaper, recordFromArg } from '../search/pickPaper';
import { ensureEntry, trusted } from './addToBibliography';

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
 * `\cite{key}` (the `relatedWork.latexCiteCommand`) or `[@key]`, or the key merged into the citation
 * group the cursor is in; a key already in that group is not repeated. A paper that is not in the
 * user's bibliography is first added to it (see `addToBibliography`; its key is made unique), so
 * the citation never dangles. False when nothing was inserted (cancelled, untrusted workspace, no
 * draft editor).
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
  const entry = await ensureEntry(deps, record, target.document, 'rename');
  if (!entry) return false;

  // The document may have changed while the user picked a .bib file: the edit is planned on its
  // text as it is now, and planned again if a keystroke lands while the engine answers.
  const document = target.document;
  let planned: { edit: CitationEdit; offset: number; text: string } | 'already-cited' | undefined;
  for (let attempt = 0; attempt < 3 && planned === undefined; attempt++) {
    const version = document.version;
    const offset = document.offsetAt(target.selection.active);
    const draft = { text: document.getText(), format };
    const result = await deps.library.citeEdit({ draft, offset, key: entry.key, command: deps.settings().latexCiteCommand });
    if (document.version !== version) continue;
    planned = result.kind === 'edit' ? { edit: result.edit, offset, text: draft.text } : 'already-cited';
  }
  if (planned === 'already-cited') {
    void vscode.window.showInformationMessage(`\`${entry.key}\` is already cited here.`);
    return true;
  }
  if (planned === undefined) {
    void vscode.window.showErrorMessage(`The draft kept changing: \`${entry.key}\` was not cited. Try again.`);
    return false;
  }
  const { edit, offset } = planned;
  const range = new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end));
  const we = new vscode.WorkspaceEdit();
  we.replace(document.uri, range, edit.text);
  if (!(await vscode.workspace.applyEdit(we))) {
    void vscode.window.showErrorMessage(`Could not insert the citation of \`${entry.key}\` into ${vscode.workspace.asRelativePath(document.uri)}.`);
    return false;
  }
  // Back to the draft (the command may come from the sidebar or a picker), the cursor after an
  // insertion made at the cursor (or at the end of the word it was in), so typing goes on after
  // the citation.
  const shown = vscode.window.visibleTextEditors.includes(target)
    ? await vscode.window.showTextDocument(document, { viewColumn: target.viewColumn, preserveFocus: false })
    : target;
  if (edit.start === edit.end && edit.start >= offset && /^[\p{L}\p{N}]*$/u.test(planned.text.slice(offset, edit.start))) {
    const end = document.positionAt(edit.start + edit.text.length);
    shown.selection = new vscode.Selection(end, end);
  }
  return true;
}

function draftFormat(deps: FeatureDeps, document: vscode.TextDocument): 'latex' | 'markdown' | undefined {
  const format = deps.drafts.get(document)?.format;
  if (format === 'latex' || format === 'markdown') return format;
  if (document.languageId === 'latex' || document.languageId === 'tex') return 'latex';
  if (document.languageId === 'markdown') return 'markdown';
  return undefined;
}
