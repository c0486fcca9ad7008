/**
 * Command `relatedWork.addToBibliography`: appends a paper's BibTeX entry to the user's .bib. Its
 * argument (from the sidebar) is a record or a key; without one, a QuickPick asks for the paper.
 * Insert Citation adds the paper this way first when the .bib lacks it; Copy BibTeX uses the same
 * plan. The engine plans (core/cite/addEntry.ts), this file applies: through
 * `vscode.WorkspaceEdit`, so the change is undoable, works on documents with unsaved changes and
 * only inserts text (user text is never rewritten).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describePlace, type EntryPlace, type EntryPlan } from '../../core/cite/addEntry';
import { chooseBibTarget, namedBibFiles } from '../../core/cite/bibTarget';
import type { PaperRecord } from '../../core/model';
import type { FeatureDeps } from '../features';
import { Commands } from '../commands';
import { pickPaper, recordFromArg } from '../search/pickPaper';

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
  const entry = await ensureEntry(deps, record, deps.drafts.activeEditor?.document, 'refuse');
  if (!entry) return undefined;
  if (entry.existing) {
    void vscode.window.showWarningMessage(
      `"${record.title}" is already in your bibliography as \`${entry.key}\` (${describePlace(entry.existing, rel)}).`,
    );
  }
  return entry.key;
}

/**
 * Copies a BibTeX entry for `record` to the clipboard: freshly formatted, under its own key for a
 * paper of the user's bibliography, else under the key Add to Bibliography would give it.
 */
export async function copyBibtex(deps: FeatureDeps, record: PaperRecord): Promise<void> {
  const plan = await deps.library.planEntry({ record, onKeyTaken: 'rename' });
  if (plan.kind !== 'held' && plan.kind !== 'new') throw new Error(`unexpected plan "${plan.kind}" without a target file`);
  await vscode.env.clipboard.writeText(plan.entry);
  void vscode.window.setStatusBarMessage(`$(clippy) Copied BibTeX for ${plan.key}`, 3000);
}

interface Entry {
  key: string;
  /** Where the bibliography already holds the paper; undefined when the entry was just added. */
  existing?: EntryPlace;
}

/**
 * The key under which `record` is (or now is) in the user's bibliography: the engine plans (is
 * the paper held, in the library or in the target file as the editor holds it; the key; the text
 * to append), the editor applies. `onKeyTaken`: what to do when the record's own key (a corpus
 * bibkey) is used by another entry: refuse with a message (Add to Bibliography) or make a unique
 * key (Insert Citation, which must not fail on it).
 */
export function ensureEntry(
  deps: FeatureDeps,
  record: PaperRecord,
  draft: vscode.TextDocument | undefined,
  onKeyTaken: 'refuse' | 'rename',
): Promise<Entry | undefined> {
  // A double click on Add (or Add, then Insert before the first finished) is one add: the second
  // waits for the first and gets its key.
  let pending = inFlight.get(deps.library);
  if (!pending) inFlight.set(deps.library, (pending = new Map()));
  const running = pending.get(record.id);
  if (running) return running;
  const entry = addEntry(deps, record, draft, onKeyTaken).finally(() => pending.delete(record.id));
  pending.set(record.id, entry);
  return entry;
}

/** Adds of a paper still under way, by library and record id. */
const inFlight = new WeakMap<object, Map<string, Promise<Entry | undefined>>>();

async function addEntry(
  deps: FeatureDeps,
  record: PaperRecord,
  draft: vscode.TextDocument | undefined,
  onKeyTaken: 'refuse' | 'rename',
): Promise<Entry | undefined> {
  // A paper of the .bib is cited under its key at once, even while the worker is busy loading.
  if (record.inBibliography && record.key) return { key: record.key, existing: record.origin };
  const inLibrary = await deps.library.planEntry({ record, onKeyTaken });
  if (inLibrary.kind === 'held') return { key: inLibrary.key, existing: inLibrary.place };
  if (inLibrary.kind !== 'new') throw new Error(`unexpected plan "${inLibrary.kind}" without a target file`);

  const uri = await pickBibFile(deps, draft, inLibrary.bibFiles);
  if (!uri) return undefined;
  // Planned on the file's text as it is now, and again if a keystroke lands while the engine answers.
  let planned: { plan: EntryPlan; document: vscode.TextDocument | undefined } | undefined;
  for (let attempt = 0; attempt < 3 && !planned; attempt++) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const exists = open !== undefined || (await fileExists(uri));
    const document = exists ? (open ?? (await vscode.workspace.openTextDocument(uri))) : undefined;
    const version = document?.version;
    const plan = await deps.library.planEntry({ record, onKeyTaken, target: { file: uri.fsPath, text: document?.getText() ?? '' } });
    if (document?.version === version) planned = { plan, document };
  }
  if (!planned) {
    void vscode.window.showErrorMessage(`${rel(uri.fsPath)} kept changing: "${record.title}" was not added. Try again.`);
    return undefined;
  }
  const { plan, document } = planned;
  if (plan.kind === 'held') return { key: plan.key, existing: plan.place };
  if (plan.kind === 'key-taken') {
    void vscode.window.showErrorMessage(
      `The key \`${plan.key}\` is already used by ${describePlace(plan.place, rel)}; "${record.title}" was not added to ${rel(uri.fsPath)}.`,
    );
    return undefined;
  }
  if (plan.kind !== 'append') throw new Error(`unexpected plan "${plan.kind}" for ${uri.fsPath}`);
  const { key } = plan;
  const edit = new vscode.WorkspaceEdit();
  if (!document) {
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), plan.text);
  } else {
    edit.insert(uri, document.positionAt(document.getText().length), plan.text);
  }
  const wasDirty = document?.isDirty ?? false;
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Could not add \`${key}\` to ${rel(uri.fsPath)}.`);
    return undefined;
  }
  // A .bib the user had no pending changes in is saved, so LaTeX and the library see the entry;
  // one with unsaved changes is left for the user to save (their changes are not ours to write;
  // the library indexes the unsaved text after a typing pause, as for any edit).
  if (!wasDirty) {
    const saved = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (saved && (await saved.save())) void deps.library.reloadFile(uri.fsPath).catch(() => undefined);
  }
  deps.output.appendLine(`Added ${key} to ${uri.fsPath}`);
  void vscode.window.setStatusBarMessage(`$(check) Added ${key} to ${rel(uri.fsPath)}`, 4000);
  return { key };
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

export function trusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(
    `Related Work does not ${what} in Restricted Mode. Trust this workspace to let it edit your files.`,
  );
  return false;
}

async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function rel(file: string): string {
  return vscode.workspace.asRelativePath(file, false);
}
