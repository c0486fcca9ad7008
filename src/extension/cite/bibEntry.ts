/**
 * A paper's BibTeX entry on its way into the user's .bib: the engine plans (is the paper held; the
 * key; the text to append: core/cite/addEntry.ts), this file prepares the edit, and the caller
 * applies it in one `vscode.WorkspaceEdit` together with its own change (Insert Citation puts the
 * citation and the entry in one edit, so one undo takes back both). Before an entry is written
 * it must typeset: a record without authors or a year is completed from the online indexes, or
 * shown to the user, who decides.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describePlace, type EntryPlace, type EntryPlan } from '../../core/cite/addEntry';
import { chooseBibTarget, namedBibFiles } from '../../core/cite/bibTarget';
import { completeRecord, describeMissing, missingFields } from '../../core/cite/completeEntry';
import type { PaperRecord } from '../../core/model';
import type { FeatureDeps } from '../features';

/** A paper's entry: held already, or about to be written. */
export type EntryStep = { key: string; existing: EntryPlace; write?: undefined } | { key: string; write: EntryWrite; existing?: undefined };

/** An entry to append: apply with `addEntryEdit`, then `entryWritten`. */
export interface EntryWrite {
  uri: vscode.Uri;
  /** The .bib as planned on; undefined for a file to create. */
  document: vscode.TextDocument | undefined;
  version: number | undefined;
  wasDirty: boolean;
  /** Separator and entry. */
  text: string;
  /** Where `text` goes: the end of the document as planned on. */
  offset: number;
  /** The record written (completed online, when it was). */
  record: PaperRecord;
}

export interface PrepareOptions {
  /** The draft the paper is for (its .bib files are the targets). */
  draft: vscode.TextDocument | undefined;
  /** When the record's own key is another entry's: refuse with a message, or make a unique key. */
  onKeyTaken: 'refuse' | 'rename';
  /** Records the user already chose to write incomplete (a re-plan does not ask again). */
  accepted?: Set<string>;
}

/**
 * The key under which `record` is in the user's bibliography, or the entry that puts it there.
 * Undefined (after a message) when nothing is to be written: cancelled, refused, or the target kept
 * changing.
 */
export async function prepareEntry(deps: FeatureDeps, original: PaperRecord, options: PrepareOptions): Promise<EntryStep | undefined> {
  // A paper of the .bib is cited under its key at once, even while the worker is busy loading.
  if (original.inBibliography && original.key) return { key: original.key, existing: original.origin };
  const { onKeyTaken } = options;
  const abstract = deps.settings().includeAbstract;
  let record = original;
  let inLibrary = await deps.library.planEntry({ record, onKeyTaken, abstract });
  if (inLibrary.kind === 'held') return { key: inLibrary.key, existing: inLibrary.place };
  let lookedUp = false;
  if (missingFields(record).length > 0 && deps.online?.enabled) {
    lookedUp = true;
    const completed = await completeOnline(deps, record);
    if (completed) {
      record = completed;
      // With an arXiv id or a year, the bibliography may turn out to hold it.
      inLibrary = await deps.library.planEntry({ record, onKeyTaken, abstract });
      if (inLibrary.kind === 'held') return { key: inLibrary.key, existing: inLibrary.place };
    }
  }
  if (inLibrary.kind !== 'new') throw new Error(`unexpected plan "${inLibrary.kind}" without a target file`);

  const uri = await pickBibFile(deps, options.draft, inLibrary.bibFiles);
  if (!uri) return undefined;
  // Planned on the file's text as it is now, and again if a keystroke lands while the engine answers.
  let planned: { plan: EntryPlan; document: vscode.TextDocument | undefined; version: number | undefined; text: string } | undefined;
  for (let attempt = 0; attempt < 3 && !planned; attempt++) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const exists = open !== undefined || (await fileExists(uri));
    const document = exists ? (open ?? (await vscode.workspace.openTextDocument(uri))) : undefined;
    const version = document?.version;
    const text = document?.getText() ?? '';
    const plan = await deps.library.planEntry({ record, onKeyTaken, abstract, target: { file: uri.fsPath, text } });
    if (document?.version === version) planned = { plan, document, version, text };
  }
  if (!planned) {
    void vscode.window.showErrorMessage(`${rel(uri.fsPath)} kept changing: "${record.title}" was not added. Try again.`);
    return undefined;
  }
  const { plan, document, version, text } = planned;
  if (plan.kind === 'held') return { key: plan.key, existing: plan.place };
  if (plan.kind === 'key-taken') {
    void vscode.window.showErrorMessage(
      `The key \`${plan.key}\` is already used by ${describePlace(plan.place, rel)}; "${record.title}" was not added to ${rel(uri.fsPath)}.`,
    );
    return undefined;
  }
  if (plan.kind !== 'append') throw new Error(`unexpected plan "${plan.kind}" for ${uri.fsPath}`);
  if (!(await typesets(record, plan.entry, lookedUp, options.accepted))) return undefined;
  return {
    key: plan.key,
    write: { uri, document, version, wasDirty: document?.isDirty ?? false, text: plan.text, offset: text.length, record },
  };
}

/** How long a command waits for the .bib's save before going on. */
const SAVE_WAIT_MS = 5000;

/** Whether the .bib is still as the entry was planned on (else plan again). */
export function stillCurrent(write: EntryWrite): boolean {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === write.uri.toString());
  return open ? open === write.document && open.version === write.version : write.document === undefined;
}

/** Adds the entry's insertion (and the file's creation) to `edit`. */
export function addEntryEdit(edit: vscode.WorkspaceEdit, write: EntryWrite): void {
  if (!write.document) {
    edit.createFile(write.uri, { ignoreIfExists: true });
    edit.insert(write.uri, new vscode.Position(0, 0), write.text);
  } else {
    edit.insert(write.uri, write.document.positionAt(write.offset), write.text);
  }
}

/**
 * After the edit: a .bib the user had no pending changes in is saved, so LaTeX and the library see
 * the entry; one with unsaved changes is left for the user to save (their changes are not ours to
 * write; the library indexes the unsaved text after a typing pause, as for any edit). True when
 * it was saved.
 */
export async function entryWritten(deps: FeatureDeps, write: EntryWrite, key: string): Promise<boolean> {
  let saved = false;
  if (!write.wasDirty) {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === write.uri.toString());
    // A save can wait on VS Code (the file changed on disk meanwhile, a slow remote disk): the
    // entry is in the editor already, so the command goes on and the save finishes when it can.
    const saving = document ? Promise.resolve(document.save()) : Promise.resolve(false);
    const late = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), SAVE_WAIT_MS));
    const result = await Promise.race([saving, late]);
    if (result === 'late') {
      deps.output.appendLine(`Saving ${write.uri.fsPath} takes longer than ${SAVE_WAIT_MS / 1000} s; the entry ${key} is in the editor.`);
      void saving.then((ok) => (ok ? deps.library.reloadFile(write.uri.fsPath) : undefined)).catch(() => undefined);
    } else {
      saved = result;
      if (saved) void deps.library.reloadFile(write.uri.fsPath).catch(() => undefined);
    }
  }
  deps.output.appendLine(`Added ${key} to ${write.uri.fsPath}`);
  return saved;
}

/**
 * Runs entry-writing operations one at a time, so a second one plans on the .bib the first
 * wrote (two Inserts of a new paper give one entry, not two under `key` and `keya`).
 */
export function withEntryLock<T>(deps: FeatureDeps, op: () => Promise<T>): Promise<T> {
  const previous = locks.get(deps.library) ?? Promise.resolve();
  const result = previous.then(op, op);
  locks.set(deps.library, result.then(() => undefined, () => undefined));
  return result;
}

const locks = new WeakMap<object, Promise<void>>();

/** The record with its missing fields from the online indexes' answers for its title, if one is confidently it. */
async function completeOnline(deps: FeatureDeps, record: PaperRecord): Promise<PaperRecord | undefined> {
  const online = deps.online!;
  const cancel = new vscode.CancellationTokenSource();
  const timer = setTimeout(() => cancel.cancel(), 15_000);
  try {
    const answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Looking up "${record.title}" online` },
      () => online.search(record.title, cancel.token, { limit: 5 }),
    );
    const found = completeRecord(record, answer.records);
    if (found) deps.output.appendLine(`Completed "${record.title}" from ${found.from.origin.file} (${found.from.id})`);
    return found?.record;
  } finally {
    clearTimeout(timer);
    cancel.dispose();
  }
}

/**
 * True when `record`'s entry has what a reference needs, or the user chose to write it anyway
 * after seeing it (a modal: nothing is written until they do).
 */
async function typesets(record: PaperRecord, entry: string, lookedUp: boolean, accepted?: Set<string>): Promise<boolean> {
  const missing = missingFields(record);
  if (missing.length === 0 || accepted?.has(record.id)) return true;
  const why = lookedUp
    ? 'No paper with this exact title was found online.'
    : 'Turn on relatedWork.online.enabled to complete entries like this from arXiv, Semantic Scholar and Hugging Face.';
  const write = 'Write Anyway';
  const answer = await vscode.window.showWarningMessage(
    `"${record.title}" has no ${describeMissing(missing)}: its entry would print as an incomplete reference.`,
    { modal: true, detail: `${why}\n\nThe entry would be:\n\n${entry}`.trim() },
    write,
  );
  if (answer !== write) return false;
  accepted?.add(record.id);
  return true;
}

/** The .bib file a new entry goes to: asked for when several are in use; undefined when cancelled. */
async function pickBibFile(deps: FeatureDeps, draft: vscode.TextDocument | undefined, libraryFiles: string[]): Promise<vscode.Uri | undefined> {
  const snapshot = draft ? deps.drafts.get(draft) : undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const draftPath =
    draft && draft.uri.scheme === 'file' ? draft.uri.fsPath : folder ? path.join(folder.fsPath, 'untitled') : undefined;
  if (!draftPath) {
    void vscode.window.showErrorMessage('Open a folder or a saved draft to add papers to a bibliography.');
    return undefined;
  }
  const format = snapshot?.format ?? 'text';
  const namedFiles = snapshot ? namedBibFiles(draftPath, snapshot.draft.bibliographies, format) : [];
  const named = await Promise.all(
    namedFiles.map(async (file) => {
      const uri = vscode.Uri.file(file);
      const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
      return { file, exists: open || (await fileExists(uri)) };
    }),
  );
  const target = chooseBibTarget({ draftPath, named, libraryFiles });
  if (target.kind === 'create') {
    const uri = vscode.Uri.file(target.file);
    const create = 'Create';
    const answer = await vscode.window.showInformationMessage(
      `There is no .bib file for this draft yet. Create ${rel(target.file)}?`,
      { modal: true, detail: 'The new entry is added to it. Name it in your draft: \\bibliography{…}, \\addbibresource{…} or YAML "bibliography:".' },
      create,
    );
    return answer === create ? uri : undefined;
  }
  if (target.files.length === 1) return vscode.Uri.file(target.files[0]!);
  const picked = await vscode.window.showQuickPick(
    target.files.map((file) => ({ label: path.basename(file), description: rel(path.dirname(file)), file })),
    { title: 'Add to Bibliography', placeHolder: 'Which .bib file should the entry go to?' },
  );
  return picked ? vscode.Uri.file(picked.file) : undefined;
}

async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A path relative to the workspace, for messages. */
export function rel(file: string): string {
  return vscode.workspace.asRelativePath(file, false);
}
