/**
 * Command `relatedWork.addToBibliography`: appends a paper's BibTeX entry to the user's .bib. Its
 * argument (from the sidebar) is a record or a key; without one, a QuickPick asks for the paper.
 * The entry is planned and checked in bibEntry.ts and applied here through `vscode.WorkspaceEdit`,
 * so the change is undoable, works on documents with unsaved changes and only inserts text (user
 * text is never rewritten).
 */
import * as vscode from 'vscode';
import type { PaperRecord } from '../../core/model';
import type { FeatureDeps } from '../features';
import { Commands } from '../commands';
import { pickPaper, recordFromArg } from '../search/pickPaper';
import { describePlace } from '../../core/cite/addEntry';
import { addEntryEdit, entryWritten, prepareEntry, rel, stillCurrent, withEntryLock, type EntryStep } from './bibEntry';

export function registerAddToBibliography(deps: FeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.addToBibliography, async (arg?: unknown): Promise<string | undefined> => {
    const record = arg === undefined ? await pickPaper(deps, 'Add to Bibliography') : await recordFromArg(deps, arg);
    if (!record) return undefined;
    return addToBibliography(deps, record);
  });
}

/**
 * Appends a BibTeX entry for `record` to the user's .bib file (asks which one when several are in
 * use; offers to create `references.bib` next to the draft when there is none) and returns its
 * key. Refuses, with a message, a key that another entry already uses (saying where) and a paper
 * the bibliography already holds (same DOI, arXiv id or title: the message gives its key, which
 * is returned). Undefined when nothing was added and there is no key to use.
 */
export async function addToBibliography(deps: FeatureDeps, record: PaperRecord): Promise<string | undefined> {
  if (!trusted('change your bibliography')) return undefined;
  // A double click on Add (or Add, then Insert before the first finished) is one add: the second
  // waits for the first and gets its key.
  let pending = inFlight.get(deps.library);
  if (!pending) inFlight.set(deps.library, (pending = new Map()));
  const running = pending.get(record.id);
  if (running) return (await running)?.key;
  const adding = withEntryLock(deps, () => addEntry(deps, record)).finally(() => pending.delete(record.id));
  pending.set(record.id, adding);
  const entry = await adding;
  if (entry?.existing) {
    void vscode.window.showWarningMessage(`"${record.title}" is already in your bibliography as \`${entry.key}\` (${describePlace(entry.existing, rel)}).`);
  }
  return entry?.key;
}

/** Adds of a paper still under way, by library and record id. */
const inFlight = new WeakMap<object, Map<string, Promise<EntryStep | undefined>>>();

async function addEntry(deps: FeatureDeps, record: PaperRecord): Promise<EntryStep | undefined> {
  const accepted = new Set<string>();
  for (let attempt = 0; attempt < 3; attempt++) {
    const step = await prepareEntry(deps, record, { draft: deps.drafts.activeEditor?.document, onKeyTaken: 'refuse', accepted });
    if (!step?.write) return step;
    if (!stillCurrent(step.write)) continue;
    const edit = new vscode.WorkspaceEdit();
    addEntryEdit(edit, step.write);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`Could not add \`${step.key}\` to ${rel(step.write.uri.fsPath)}.`);
      return undefined;
    }
    await entryWritten(deps, step.write, step.key);
    void vscode.window.setStatusBarMessage(`$(check) Added ${step.key} to ${rel(step.write.uri.fsPath)}`, 4000);
    return step;
  }
  void vscode.window.showErrorMessage(`Your .bib kept changing: "${record.title}" was not added. Try again.`);
  return undefined;
}

/**
 * Copies a BibTeX entry for `record` to the clipboard: freshly formatted, under its own key for a
 * paper of the user's bibliography, else under the key Add to Bibliography would give it.
 */
export async function copyBibtex(deps: FeatureDeps, record: PaperRecord): Promise<void> {
  const plan = await deps.library.planEntry({ record, onKeyTaken: 'rename', abstract: deps.settings().includeAbstract });
  if (plan.kind !== 'held' && plan.kind !== 'new') throw new Error(`unexpected plan "${plan.kind}" without a target file`);
  await vscode.env.clipboard.writeText(plan.entry);
  void vscode.window.setStatusBarMessage(`$(clippy) Copied BibTeX for ${plan.key}`, 3000);
}

export function trusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(
    `Related Work does not ${what} in Restricted Mode. Trust this workspace to let it edit your files.`,
  );
  return false;
}
