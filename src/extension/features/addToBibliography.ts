/**
 * Command `relatedWork.addToBibliography`: appends a paper's BibTeX entry to the user's .bib. Its
 * argument (from the sidebar) is a record or a key; without one, a QuickPick asks for the paper.
 */
import * as vscode from 'vscode';
import { addToBibliography } from '../actions/citationActions';
import { pickPaper, recordFromArg } from '../actions/pickPaper';
import { Commands } from '../commands';
import type { FeatureDeps } from '../features';

export function registerAddToBibliography(deps: FeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.addToBibliography, async (arg?: unknown): Promise<string | undefined> => {
    const record = arg === undefined ? await pickPaper(deps, 'Add to Bibliography') : await recordFromArg(deps, arg);
    if (!record) return undefined;
    return addToBibliography(deps, record);
  });
}
