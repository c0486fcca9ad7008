// Runs inside a real VS Code extension host (see test/integration/runTest.ts): an entry typed into
// the open bibliography (editing/editing.bib) without saving counts at once for hovers and
// completion in the draft (editing/complete.tex). Both files are reverted after each test, and the
// library is back to the file on disk before the next suite.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './util';
import type { RelatedWorkApi } from '../../../src/extension/extension';

const ENTRY = `
@article{quokka2025burrows,
  title   = {Burrow Acoustics for a Census of Quokkas on Rottnest Island},
  author  = {Marsh, Ada and Wren, Tobias},
  journal = {Journal of Marsupial Field Methods},
  year    = {2025},
  abstract = {We count quokkas by the acoustics of their burrows: microphones at burrow entrances, a census from calls.}
}
`;
const KEY = 'quokka2025burrows';

async function revert(document: vscode.TextDocument): Promise<void> {
  if (!document.isDirty) return;
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

const markdownOf = (hovers: vscode.Hover[]) =>
  hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n\n')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');

suite('An unsaved .bib', () => {
  let api: RelatedWorkApi;
  let tex: vscode.TextEditor;
  let bib: vscode.TextDocument;
  let bibOnDisk: string;

  suiteSetup(async function () {
    this.timeout(120_000);
    ({ editor: tex, api } = await openFixture('editing/complete.tex', 'latex'));
    const folder = vscode.workspace.workspaceFolders![0]!;
    bib = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'editing', 'editing.bib'));
    bibOnDisk = fs.readFileSync(bib.uri.fsPath, 'utf8');
    await waitFor('the library to read editing.bib', async () => {
      const [r] = await api.library.lookup({ keys: ['hu2021lora'] });
      return r?.origin.file === bib.uri.fsPath;
    });
  });

  teardown(async function () {
    this.timeout(30_000);
    await revert(bib);
    await revert(tex.document);
    await waitFor('the library to forget the unsaved entry', async () => ((await api.library.lookup({ keys: [KEY] }))[0] ? undefined : true));
  });

  test('an entry typed into the .bib without saving: its key hovers with its title, and comes first in completion', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(bib.uri, bib.positionAt(bib.getText().length), ENTRY);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const typedAt = Date.now();
    assert.equal(bib.isDirty, true);

    tex = await vscode.window.showTextDocument(tex.document);
    const at = tex.document.getText().indexOf('CITE_HERE');
    const paragraph = 'We census quokkas from the acoustics of their burrows with microphones \\cite{}';
    const draftEdit = new vscode.WorkspaceEdit();
    draftEdit.replace(tex.document.uri, new vscode.Range(tex.document.positionAt(at), tex.document.positionAt(at + 'CITE_HERE'.length)), `\\cite{${KEY}}.\n\n${paragraph}`);
    assert.ok(await vscode.workspace.applyEdit(draftEdit));

    const keyAt = tex.document.positionAt(tex.document.getText().indexOf(KEY) + 3);
    const hover = await waitFor(
      'the hover of the unsaved key to show its title',
      async () => {
        const md = markdownOf(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', tex.document.uri, keyAt));
        return md.includes('Burrow Acoustics for a Census of Quokkas on Rottnest Island') ? md : undefined;
      },
      10_000,
    );
    console.log(`    (the unsaved entry hovered ${Date.now() - typedAt} ms after it was typed)`);
    assert.match(hover, /^\*\*Burrow Acoustics for a Census of Quokkas on Rottnest Island\*\*/);
    assert.match(hover, /Ada Marsh, Tobias Wren/);
    assert.doesNotMatch(hover, /not in your bibliography/i);

    const cite = tex.document.positionAt(tex.document.getText().indexOf(paragraph) + paragraph.length - 1);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', tex.document.uri, cite, '{');
    const ours = list.items
      .filter((i) => i.kind === vscode.CompletionItemKind.Reference && typeof i.label === 'object' && i.label.description)
      .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    const keys = ours.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.equal(keys[0], KEY, keys.join(', '));
    assert.equal(fs.readFileSync(bib.uri.fsPath, 'utf8'), bibOnDisk, 'nothing was saved');
  });

  test('reverting the .bib (its editor clean again) drops the entry it had typed', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(bib.uri, bib.positionAt(bib.getText().length), ENTRY);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the unsaved entry in the library', async () => (await api.library.lookup({ keys: [KEY] }))[0], 10_000);
    await revert(bib);
    await waitFor('the entry to be gone after the revert', async () => ((await api.library.lookup({ keys: [KEY] }))[0] ? undefined : true), 10_000);
    assert.ok((await api.library.lookup({ keys: ['hu2021lora'] }))[0], 'the saved entries stay');
  });
});
