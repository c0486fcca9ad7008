/**
 * What can be done with a paper: cite it at the cursor, add it to the user's .bib, copy its BibTeX,
 * open it. Shared by the commands, the completion items and the sidebar.
 *
 * Every change goes through `vscode.WorkspaceEdit` + `workspace.applyEdit`: it is undoable, works
 * on documents with unsaved changes and only inserts text (user text is never rewritten).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBibtex, makeCitationKey } from '../../core/cite/bibtexEntry';
import type { PaperRecord } from '../../core/model';
import { parseBibtex } from '../../core/sources/bibtex';
import type { FeatureDeps } from '../features';
import { appendSeparator, chooseBibTarget, describeOrigin, findSamePaper, keysInBibText, namedBibFiles } from './bibTarget';
import { citeEditAt } from './citeEdit';
import { paperUrl } from './paperText';

/** Characters that make a key unusable in a .bib file or a `\cite`. */
const BAD_KEY = /[\s,{}()"#%'=\\~]/;

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

  // The document may have changed while the user picked a .bib file: read it now.
  const document = target.document;
  // The tracker scans the document at its current version.
  const snapshot = deps.drafts.get(document);
  const text = snapshot?.text ?? document.getText();
  const citations = snapshot?.draft.citations ?? [];
  const offset = document.offsetAt(target.selection.active);
  const result = citeEditAt(text, citations, offset, entry.key, format, deps.settings().latexCiteCommand);
  if (result.kind === 'already-cited') {
    void vscode.window.showInformationMessage(`\`${entry.key}\` is already cited here.`);
    return true;
  }
  const { edit } = result;
  const range = new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end));
  const we = new vscode.WorkspaceEdit();
  we.replace(document.uri, range, edit.text);
  if (!(await vscode.workspace.applyEdit(we))) {
    void vscode.window.showErrorMessage(`Could not insert the citation of \`${entry.key}\` into ${vscode.workspace.asRelativePath(document.uri)}.`);
    return false;
  }
  // Back to the draft (the command may come from the sidebar or a picker), the cursor after an
  // insertion made at the cursor, so typing goes on after the citation.
  const shown = vscode.window.visibleTextEditors.includes(target)
    ? await vscode.window.showTextDocument(document, { viewColumn: target.viewColumn, preserveFocus: false })
    : target;
  if (edit.start === offset) {
    const end = document.positionAt(edit.start + edit.text.length);
    shown.selection = new vscode.Selection(end, end);
  }
  return true;
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
      `"${record.title}" is already in your bibliography as \`${entry.key}\` (${describeOrigin(entry.existing, rel)}).`,
    );
  }
  return entry.key;
}

/**
 * Copies a BibTeX entry for `record` to the clipboard: freshly formatted, under its own key for a
 * paper of the user's bibliography, else under the key Add to Bibliography would give it.
 */
export async function copyBibtex(deps: FeatureDeps, record: PaperRecord): Promise<void> {
  let key: string;
  if (record.inBibliography && record.key && !BAD_KEY.test(record.key)) {
    key = record.key;
  } else {
    const bib = await deps.library.bibliography();
    const same = findSamePaper(record, bib.filter((r) => r.key));
    const taken = new Set(bib.map((r) => r.key?.toLowerCase()).filter((k): k is string => !!k));
    key = same?.key ?? (record.key && !BAD_KEY.test(record.key) && !taken.has(record.key.toLowerCase()) ? record.key : makeCitationKey(record, taken));
  }
  await vscode.env.clipboard.writeText(formatBibtex(record, key));
  void vscode.window.setStatusBarMessage(`$(clippy) Copied BibTeX for ${key}`, 3000);
}

/** Opens the paper in the browser: its DOI, else its arXiv page, else its URL. */
export async function openPaper(record: PaperRecord): Promise<void> {
  const url = paperUrl(record);
  if (!url) {
    void vscode.window.showInformationMessage(`"${record.title}" has no DOI, arXiv id or URL to open.`);
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
}

// ---------------------------------------------------------------------------------------------

interface Entry {
  key: string;
  /** The bibliography entry that already holds the paper; undefined when the entry was just added. */
  existing?: PaperRecord;
}

/**
 * The key under which `record` is (or now is) in the user's bibliography. `onKeyTaken`: what to do
 * when the record's own key (a corpus bibkey) is used by another entry: refuse with a message
 * (Add to Bibliography) or make a unique key (Insert Citation, which must not fail on it).
 */
async function ensureEntry(
  deps: FeatureDeps,
  record: PaperRecord,
  draft: vscode.TextDocument | undefined,
  onKeyTaken: 'refuse' | 'rename',
): Promise<Entry | undefined> {
  if (record.inBibliography && record.key) return { key: record.key, existing: record };
  const bibRecords = (await deps.library.bibliography()).filter((r) => r.key);
  const same = findSamePaper(record, bibRecords);
  if (same) return { key: same.key!, existing: same };

  const uri = await pickBibFile(deps, draft, bibRecords);
  if (!uri) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const exists = open !== undefined || (await fileExists(uri));
  const document = exists ? (open ?? (await vscode.workspace.openTextDocument(uri))) : undefined;
  const text = document?.getText() ?? '';
  const inDocument = parseBibtex(text, uri.fsPath).records.map((r) => ({ ...r, origin: { ...r.origin, file: uri.fsPath } }));
  const sameInDocument = findSamePaper(record, inDocument);
  if (sameInDocument) return { key: sameInDocument.key ?? sameInDocument.id, existing: sameInDocument };

  // BibTeX and biber compare keys without regard to case: so does this.
  const taken = new Map<string, string>();
  for (const r of bibRecords) taken.set(r.key!.toLowerCase(), describeOrigin(r, rel));
  for (const [key, line] of keysInBibText(text)) taken.set(key.toLowerCase(), `${rel(uri.fsPath)}:${line}`);
  let key = record.key && !BAD_KEY.test(record.key) ? record.key : undefined;
  if (key && taken.has(key.toLowerCase())) {
    if (onKeyTaken === 'refuse') {
      void vscode.window.showErrorMessage(
        `The key \`${key}\` is already used by ${taken.get(key.toLowerCase())}; "${record.title}" was not added to ${rel(uri.fsPath)}.`,
      );
      return undefined;
    }
    key = undefined;
  }
  key ??= makeCitationKey(record, new Set(taken.keys()));

  const entryText = formatBibtex(record, key);
  const edit = new vscode.WorkspaceEdit();
  if (!document) {
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), entryText);
  } else {
    const end = document.positionAt(document.getText().length);
    edit.insert(uri, end, appendSeparator(document.getText()) + entryText);
  }
  const wasDirty = document?.isDirty ?? false;
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Could not add \`${key}\` to ${rel(uri.fsPath)}.`);
    return undefined;
  }
  // A .bib the user had no pending changes in is saved, so LaTeX and the library see the entry;
  // one with unsaved changes is left for the user to save (their changes are not ours to write).
  if (!wasDirty) {
    const saved = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (saved && (await saved.save())) void deps.library.reloadFile(uri.fsPath).catch(() => undefined);
  }
  deps.output.appendLine(`Added ${key} to ${uri.fsPath}`);
  void vscode.window.setStatusBarMessage(`$(check) Added ${key} to ${rel(uri.fsPath)}`, 4000);
  return { key };
}

/** The .bib file a new entry goes to: asked for when several are in use; undefined when cancelled. */
async function pickBibFile(
  deps: FeatureDeps,
  draft: vscode.TextDocument | undefined,
  bibRecords: PaperRecord[],
): Promise<vscode.Uri | undefined> {
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
  const libraryFiles = bibRecords.filter((r) => r.origin.kind === 'bibtex').map((r) => r.origin.file);
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

function draftFormat(deps: FeatureDeps, document: vscode.TextDocument): 'latex' | 'markdown' | undefined {
  const format = deps.drafts.get(document)?.format;
  if (format === 'latex' || format === 'markdown') return format;
  if (document.languageId === 'latex' || document.languageId === 'tex') return 'latex';
  if (document.languageId === 'markdown') return 'markdown';
  return undefined;
}

function trusted(what: string): boolean {
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
