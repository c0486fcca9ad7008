/**
 * The first time a draft is open in a workspace, the sidebar shows itself, the focus staying in
 * the draft: a new user finds the suggestions without knowing the Activity Bar icon. Once per
 * workspace: after that the view is where the user left it.
 */
import * as vscode from 'vscode';
import type { DraftTracker } from '../draft/types';
import type { SidebarPresenter } from './sidebarProvider';

const REVEALED = 'relatedWork.sidebarRevealed';

export function revealOnFirstDraft(context: vscode.ExtensionContext, drafts: DraftTracker, sidebar: SidebarPresenter): vscode.Disposable {
  if (context.workspaceState.get<boolean>(REVEALED)) return new vscode.Disposable(() => undefined);
  let done = false;
  const reveal = async (editor: vscode.TextEditor | undefined) => {
    if (done || !editor) return;
    done = true;
    sub.dispose();
    await context.workspaceState.update(REVEALED, true);
    await sidebar.reveal();
    // Creating the view focuses it: back to the draft, where the user was typing.
    if (!editor.document.isClosed) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, selection: editor.selection });
  };
  const sub = drafts.onDidChangeActiveParagraph((active) => void reveal(active?.editor));
  void reveal(drafts.activeEditor);
  return sub;
}
