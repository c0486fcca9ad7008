/**
 * Command `relatedWork.insertCitation`: cites a paper at the cursor. Its argument (from the sidebar)
 * is a record or a key; without one, a QuickPick offers the papers ranked for the paragraph at the
 * cursor.
 */
import * as vscode from 'vscode';
import { insertCitation } from '../actions/citationActions';
import { pickPaper, recordFromArg } from '../actions/pickPaper';
import { Commands } from '../commands';
import type { FeatureDeps } from '../features';

export function registerInsertCitation(deps: FeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.insertCitation, async (arg?: unknown): Promise<boolean> => {
    // Remember the draft editor now: the picker takes the focus.
    const editor = deps.drafts.activeEditor;
    const record = arg === undefined ? await pickPaper(deps, 'Insert Citation') : await recordFromArg(deps, arg);
    if (!record) return false;
    return insertCitation(deps, record, editor);
  });
}
