/**
 * Related Work: Find Related Work — papers for the selection, else the paragraph at the cursor,
 * else the whole draft, shown in the sidebar. Resolves with what it displayed (used by tests).
 */
import * as vscode from 'vscode';
import { paragraphAt } from '../../core/draft/scan';
import { Commands } from '../commands';
import type { FeatureDeps } from '../features';
import type { DisplayedResults, SidebarPresenter } from '../sidebar/sidebarProvider';
import { draftQuery, paragraphQuery, selectionQuery, type SidebarQuery } from '../sidebar/queries';

export function registerFindRelatedWork(deps: FeatureDeps, sidebar: SidebarPresenter): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.findRelatedWork, () => findRelatedWork(deps, sidebar));
}

/** The query for the editor's selection, paragraph at the cursor or whole draft, in that order. */
export function queryForEditor(deps: FeatureDeps, editor: vscode.TextEditor): SidebarQuery | undefined {
  const limit = deps.settings().maxResults;
  const snapshot = deps.drafts.get(editor.document);
  const selection = selectionQuery(editor, snapshot, limit);
  if (selection) return selection;
  if (!snapshot) return undefined;
  const paragraph = paragraphAt(snapshot.draft, editor.document.offsetAt(editor.selection.active));
  return paragraphQuery({ editor, snapshot, paragraph }, limit) ?? draftQuery(snapshot, limit);
}

async function findRelatedWork(deps: FeatureDeps, sidebar: SidebarPresenter): Promise<DisplayedResults | undefined> {
  // The palette keeps the editor active; from the sidebar's title bar it is the last draft editor.
  const active = vscode.window.activeTextEditor;
  const editor = active && deps.drafts.get(active.document) ? active : deps.drafts.activeEditor ?? active;
  if (!editor) {
    void vscode.window.showInformationMessage('Related Work: open a LaTeX or Markdown draft, or select some text, first.');
    return undefined;
  }
  const query = queryForEditor(deps, editor);
  if (!query) {
    void vscode.window.showInformationMessage('Related Work: there is no text to find related work for here.');
    return undefined;
  }
  // The results show in the sidebar; the writer keeps typing in the draft.
  await sidebar.reveal();
  if (vscode.window.activeTextEditor !== editor && active === editor) {
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, selection: editor.selection });
  }
  if (deps.library.status.state === 'ready') return sidebar.show(query);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Related Work: indexing papers…' },
    () => sidebar.show(query),
  );
}
