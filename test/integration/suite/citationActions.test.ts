// Runs inside a real VS Code extension host (see test/integration/runTest.ts): Insert Citation,
// Add to Bibliography and Copy BibTeX on test/fixtures/workspace/editing/actions.tex, whose
// bibliography is editing/actions.bib. Every test leaves both files as they were (in the editor
// and on disk).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { onlineArxiv } from './fakeServer';
import { EXTENSION_ID, featureDeps, restoreFile, waitFor, within } from './util';
import type { PaperRecord } from '../../../src/core/model';
import { parseBibtex } from '../../../src/core/sources/bibtex';
import { formatBibtex } from '../../../src/core/cite/bibtexEntry';
import { copyBibtex } from '../../../src/extension/cite/addToBibliography';
import type { RelatedWorkApi } from '../../../src/extension/extension';



/** A paper from a corpus, not in the user's bibliography. */
function corpusPaper(fields: Partial<PaperRecord> = {}): PaperRecord {
  return {
    id: 'corpus:attention',
    title: 'Attention Is All You Need',
    authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar'],
    year: 2017,
    venue: 'Advances in Neural Information Processing Systems',
    arxiv: '1706.03762',
    origin: { kind: 'corpus', file: '/nowhere/corpus.jsonl', line: 1 },
    inBibliography: false,
    ...fields,
  };
}

/** Collects what the extension shows with showErrorMessage / showWarningMessage while `fn` runs. */
async function capturingMessages<T>(fn: () => Thenable<T>): Promise<{ result: T; errors: string[]; warnings: string[] }> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const w = vscode.window as { showErrorMessage: unknown; showWarningMessage: unknown };
  const { showErrorMessage, showWarningMessage } = w;
  w.showErrorMessage = (m: string) => (errors.push(m), Promise.resolve(undefined));
  w.showWarningMessage = (m: string) => (warnings.push(m), Promise.resolve(undefined));
  try {
    return { result: await fn(), errors, warnings };
  } finally {
    w.showErrorMessage = showErrorMessage;
    w.showWarningMessage = showWarningMessage;
  }
}

suite('Citation actions', () => {
  let api: RelatedWorkApi;
  let texUri: vscode.Uri;
  let bibUri: vscode.Uri;
  let texOriginal: string;
  let bibOriginal: string;
  let editor: vscode.TextEditor;

  const bibDoc = () => vscode.workspace.openTextDocument(bibUri);
  const insert = (arg: unknown) => vscode.commands.executeCommand<boolean>('relatedWork.insertCitation', arg);
  const add = (arg: unknown) => vscode.commands.executeCommand<string | undefined>('relatedWork.addToBibliography', arg);

  /** The draft in the editor, cursor at the first `needle` + delta. */
  async function cursorAt(needle: string, delta = 0): Promise<number> {
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(texUri));
    const offset = editor.document.getText().indexOf(needle);
    assert.ok(offset >= 0, `"${needle}" in actions.tex`);
    const pos = editor.document.positionAt(offset + delta);
    editor.selection = new vscode.Selection(pos, pos);
    await waitFor('the draft editor to be the active draft', () => api.drafts.activeEditor?.document.uri.toString() === texUri.toString() || undefined);
    return offset + delta;
  }

  /** Undo in the editor of `uri`. */
  async function undo(uri: vscode.Uri): Promise<void> {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('undo');
  }

  async function restore(uri: vscode.Uri, original: string): Promise<void> {
    await restoreFile(uri, original);
    if (fs.readFileSync(uri.fsPath, 'utf8') !== original) fs.writeFileSync(uri.fsPath, original);
  }

  suiteSetup(async function () {
    this.timeout(120_000);
    const folder = vscode.workspace.workspaceFolders![0]!;
    texUri = vscode.Uri.joinPath(folder.uri, 'editing', 'actions.tex');
    bibUri = vscode.Uri.joinPath(folder.uri, 'editing', 'actions.bib');
    texOriginal = fs.readFileSync(texUri.fsPath, 'utf8');
    bibOriginal = fs.readFileSync(bibUri.fsPath, 'utf8');
    let doc = await vscode.workspace.openTextDocument(texUri);
    if (doc.languageId !== 'latex') doc = await vscode.languages.setTextDocumentLanguage(doc, 'latex');
    editor = await vscode.window.showTextDocument(doc);
    const ext = vscode.extensions.getExtension<RelatedWorkApi>(EXTENSION_ID)!;
    await waitFor('the extension to activate', () => ext.isActive || undefined);
    api = ext.exports;
    await waitFor('the library to read actions.bib', async () => {
      const [r] = await api.library.lookup({ keys: ['hu2021lora'] });
      return r?.origin.file.endsWith('actions.bib') ? r : undefined;
    });
  });

  teardown(async function () {
    this.timeout(30_000);
    await restore(texUri, texOriginal);
    await restore(bibUri, bibOriginal);
    // The library re-reads the restored .bib (file watcher): wait until entries added by a test are gone.
    await waitFor('the library to forget added entries', async () => ((await api.library.lookup({ keys: ['vaswani2017attention', 'matryoshka', 'lovelace2024sink'] })).some(Boolean) ? undefined : true));
  });

  const lookup = async (key: string) => {
    const [r] = await api.library.lookup({ keys: [key] });
    assert.ok(r, `${key} is in the library`);
    return r;
  };

  test("Insert Citation puts the draft's own command (\\citep) at the cursor, spaced off the word before; undo restores the draft exactly", async () => {
    const at = await cursorAt('low-rank adapters', 'low-rank adapters'.length);
    assert.equal(await insert(await lookup('hu2021lora')), true);
    const expected = texOriginal.slice(0, at) + ' \\citep{hu2021lora}' + texOriginal.slice(at);
    assert.equal(editor.document.getText(), expected);
    assert.equal(editor.document.offsetAt(editor.selection.active), at + ' \\citep{hu2021lora}'.length, 'cursor after the citation');
    assert.equal((await bibDoc()).getText(), bibOriginal, 'a bibliography paper adds nothing to the .bib');
    await undo(texUri);
    assert.equal(editor.document.getText(), texOriginal);
  });

  test('Insert Citation by key (the sidebar passes keys too), in a draft without citations: the configured command, after the word the cursor is in', async () => {
    const config = vscode.workspace.getConfiguration('relatedWork');
    await config.update('latexCiteCommand', 'parencite', vscode.ConfigurationTarget.Global);
    const doc = await vscode.workspace.openTextDocument({ language: 'latex', content: 'We fine-tune with low-rank adapters.\n' });
    try {
      const scratch = await vscode.window.showTextDocument(doc);
      const inWord = doc.positionAt(doc.getText().indexOf('adapters') + 4);
      scratch.selection = new vscode.Selection(inWord, inWord);
      await waitFor('the scratch draft to be the active draft', () => api.drafts.activeEditor?.document === doc || undefined);
      assert.equal(await insert('hu2021lora'), true);
      assert.equal(doc.getText(), 'We fine-tune with low-rank adapters \\parencite{hu2021lora}.\n');
      assert.equal(doc.offsetAt(scratch.selection.active), doc.getText().indexOf('}') + 1, 'cursor after the citation');
    } finally {
      await config.update('latexCiteCommand', undefined, vscode.ConfigurationTarget.Global);
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('inside a group the key is merged into it, not nested; undo restores', async () => {
    await cursorAt('xiao2023sinks}', 4);
    assert.equal(await insert(await lookup('hu2021lora')), true);
    assert.equal(editor.document.getText(), texOriginal.replace('\\citep[p.~3]{xiao2023sinks}', '\\citep[p.~3]{xiao2023sinks, hu2021lora}'));
    await undo(texUri);
    assert.equal(editor.document.getText(), texOriginal);
  });

  test('a key already in the group is not repeated', async () => {
    await cursorAt('xiao2023sinks}', 2);
    assert.equal(await insert(await lookup('xiao2023sinks')), true);
    assert.equal(editor.document.getText(), texOriginal);
    assert.equal(editor.document.isDirty, false);
  });

  test('a paper not in the bibliography: citation and entry are one edit; the notification says so, and its Undo puts both files back', async () => {
    const at = await cursorAt('low-rank adapters', 'low-rank adapters'.length);
    const w = vscode.window as { showInformationMessage: unknown };
    const { showInformationMessage } = w;
    let told: ((m: string) => void) | undefined;
    const notified = new Promise<string>((r) => (told = r));
    // The user clicks Undo on the notification.
    w.showInformationMessage = (m: string, ...items: string[]) => (told!(m), Promise.resolve(items.includes('Undo') ? 'Undo' : undefined));
    try {
      assert.equal(await insert(corpusPaper()), true);
      assert.equal(editor.document.getText(), texOriginal.slice(0, at) + ' \\citep{vaswani2017attention}' + texOriginal.slice(at));
      const bib = await bibDoc();
      const entry = formatBibtex(corpusPaper(), 'vaswani2017attention');
      assert.ok(bib.getText() === bibOriginal + '\n' + entry || fs.readFileSync(bibUri.fsPath, 'utf8') === bibOriginal + '\n' + entry, 'the entry was written');
      assert.match(await notified, /^Cited `vaswani2017attention` and added its entry to editing\/actions\.bib\.$/);
      await waitFor('both files back', () => (editor.document.getText() === texOriginal && bib.getText() === bibOriginal) || undefined, 10_000);
      await waitFor('the .bib saved back', () => (!bib.isDirty && fs.readFileSync(bibUri.fsPath, 'utf8') === bibOriginal) || undefined, 10_000);
    } finally {
      w.showInformationMessage = showInformationMessage;
    }
  });

  test("the notification's Undo after both changes were undone by hand says so and touches nothing", async () => {
    await cursorAt('low-rank adapters', 'low-rank adapters'.length);
    const w = vscode.window as { showInformationMessage: unknown; showWarningMessage: unknown };
    const { showInformationMessage, showWarningMessage } = w;
    const messages: string[] = [];
    w.showWarningMessage = (m: string) => (messages.push(m), Promise.resolve(undefined));
    let click: ((item: string | undefined) => void) | undefined;
    w.showInformationMessage = (m: string, ...items: string[]) => {
      messages.push(m);
      return items.includes('Undo') ? new Promise((r) => (click = r)) : Promise.resolve(undefined);
    };
    try {
      assert.equal(await within(20_000, 'Insert Citation', insert(corpusPaper())), true);
      const bib = await bibDoc();
      await waitFor('the notification', () => click, 10_000);
      // What Ctrl+Z does to both files, made as one edit (the real undo asks in a dialog here).
      const edit = new vscode.WorkspaceEdit();
      edit.replace(texUri, new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length)), texOriginal);
      edit.replace(bibUri, new vscode.Range(bib.positionAt(0), bib.positionAt(bib.getText().length)), bibOriginal);
      assert.ok(await vscode.workspace.applyEdit(edit));
      click!('Undo');
      const said = await waitFor('the answer to Undo', () => messages.find((m) => /undo/i.test(m) && !/^Cited/.test(m)), 10_000);
      assert.equal(said, 'The citation of `vaswani2017attention` and its entry are already undone.');
      assert.equal(editor.document.getText(), texOriginal);
      assert.equal(bib.getText(), bibOriginal);
    } finally {
      w.showInformationMessage = showInformationMessage;
      w.showWarningMessage = showWarningMessage;
    }
  });

  test('a paper with a title only (offline): the entry is shown first, nothing is written unless the user says Write Anyway', async () => {
    const titleOnly = corpusPaper({ id: 'hf:matryoshka', title: 'Matryoshka Multimodal Models', authors: [], year: undefined, venue: undefined, arxiv: undefined, abstract: 'We nest visual tokens.' });
    const at = await cursorAt('low-rank adapters', 'low-rank adapters'.length);
    const w = vscode.window as { showWarningMessage: unknown };
    const { showWarningMessage } = w;
    const asked: { message: string; modal: boolean; detail: string }[] = [];
    let answer: string | undefined;
    w.showWarningMessage = (message: string, options: vscode.MessageOptions, ...items: string[]) => {
      asked.push({ message, modal: options?.modal === true, detail: options?.detail ?? '' });
      return Promise.resolve(items.includes(answer ?? '') ? answer : undefined);
    };
    try {
      assert.equal(await insert(titleOnly), false, 'cancelled');
      assert.equal(asked.length, 1);
      assert.match(asked[0]!.message, /^"Matryoshka Multimodal Models" has no authors and year/);
      assert.ok(asked[0]!.modal, 'a modal: the user decides before anything is written');
      assert.match(asked[0]!.detail, /relatedWork\.online\.enabled/);
      assert.match(asked[0]!.detail, /@misc\{matryoshka,\n  title/);
      assert.doesNotMatch(asked[0]!.detail, /abstract/, 'no abstract in the .bib by default');
      assert.equal(editor.document.getText(), texOriginal);
      assert.equal((await bibDoc()).getText(), bibOriginal);

      answer = 'Write Anyway';
      assert.equal(await insert(titleOnly), true);
      assert.equal(asked.length, 2);
      assert.equal(editor.document.getText(), texOriginal.slice(0, at) + ' \\citep{matryoshka}' + texOriginal.slice(at));
      assert.match((await bibDoc()).getText(), /\n@misc\{matryoshka,\n/);
    } finally {
      w.showWarningMessage = showWarningMessage;
    }
    // The same short-title paper again (another record, the title cased otherwise): refused, naming
    // the entry just written, whose line the message gives.
    const bibBefore = (await bibDoc()).getText();
    const entryLine = bibBefore.split('\n').findIndex((l) => l.startsWith('@misc{matryoshka,')) + 1;
    const again = await capturingMessages(() => add({ ...titleOnly, id: 'corpus:matryoshka-again', title: 'MATRYOSHKA multimodal models' }));
    assert.equal(again.result, 'matryoshka');
    assert.equal(again.warnings.length, 1, again.warnings.join('\n'));
    assert.match(again.warnings[0]!, new RegExp(`already in your bibliography as \`matryoshka\` \\(editing/actions\\.bib:${entryLine}\\)`));
    assert.equal((await bibDoc()).getText(), bibBefore);
  });

  test('a paper with a title only, online on: its entry is completed from the arXiv paper with that exact title, without asking', async () => {
    const arxiv = await onlineArxiv();
    const titleOnly = corpusPaper({ id: 'hf:sink-tokens', title: 'Sink tokens & rotary positions in long-context attention', authors: [], year: undefined, venue: 'Hugging Face Daily Papers', arxiv: undefined });
    try {
      await cursorAt('low-rank adapters');
      const { result, warnings } = await capturingMessages(() => add(titleOnly));
      assert.deepEqual(warnings, [], 'nothing to ask: the entry is complete');
      assert.equal(result, 'lovelace2024sink');
      assert.equal(arxiv.requests.length, 1);
      assert.match(arxiv.requests[0]!.url, /Sink/i);
      const text = (await bibDoc()).getText();
      const entry = parseBibtex(text, bibUri.fsPath).records.find((r) => r.key === 'lovelace2024sink');
      assert.ok(entry, text);
      assert.deepEqual(entry.authors, ['Ada Lovelace']);
      assert.equal(entry.year, 2024);
      assert.equal(entry.arxiv, '2401.00001');
      assert.equal(entry.title, titleOnly.title, 'the title as the user saw it');
      assert.doesNotMatch(text, /Daily Papers/);
    } finally {
      await arxiv.close();
    }
  });

  test('Add to Bibliography appends a parseable entry after a blank line; undo restores the .bib', async () => {
    await cursorAt('low-rank adapters');
    const key = await add(corpusPaper());
    assert.equal(key, 'vaswani2017attention');
    const bib = await bibDoc();
    const text = bib.getText();
    assert.ok(text.startsWith(bibOriginal + '\n@inproceedings{vaswani2017attention,\n'), text);
    const parsed = parseBibtex(text, bibUri.fsPath);
    assert.deepEqual(parsed.errors, []);
    const entry = parsed.records.find((r) => r.key === 'vaswani2017attention');
    assert.ok(entry);
    assert.equal(entry.title, 'Attention Is All You Need');
    assert.deepEqual(entry.authors, ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar']);
    assert.equal(entry.year, 2017);
    assert.equal(bib.isDirty, false, 'a .bib without unsaved changes is saved');
    await undo(bibUri);
    assert.equal(bib.getText(), bibOriginal);
    assert.equal(editor.document.getText(), texOriginal, 'the draft is untouched');
  });

  test('a double click on Add is one add: both clicks get the key, the .bib one entry, no error', async () => {
    await cursorAt('low-rank adapters');
    const { result, errors, warnings } = await capturingMessages(() => Promise.all([add(corpusPaper()), add(corpusPaper())]));
    assert.deepEqual(result, ['vaswani2017attention', 'vaswani2017attention']);
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, []);
    const text = (await bibDoc()).getText();
    assert.equal(text.split('{vaswani2017attention,').length - 1, 1, text);
  });

  test('Add to Bibliography re-indexes the .bib once (the save, the watcher and the editor find nothing more to read)', async () => {
    await cursorAt('low-rank adapters');
    const loads: string[] = [];
    const sub = api.library.onDidLoad((s) => {
      if (s.file === bibUri.fsPath) loads.push(`${s.kind}${s.changes?.unchanged ? ' (unchanged)' : ''}`);
    });
    // Bounded steps, so a hang names its step and what the editor, the disk and the library held.
    const state = async () => {
      const bib = await bibDoc();
      const onDisk = fs.readFileSync(bibUri.fsPath, 'utf8').includes('{vaswani2017attention,');
      return `editor dirty ${bib.isDirty}, entry in editor ${bib.getText().includes('{vaswani2017attention,')}, on disk ${onDisk}; loads: ${loads.join(', ') || 'none'}`;
    };
    try {
      const key = await within(20_000, 'Add to Bibliography', add(corpusPaper())).catch(async (e: Error) => assert.fail(`${e.message} (${await state()})`));
      assert.equal(key, 'vaswani2017attention');
      await waitFor('the new entry in the library', async () => (await api.library.lookup({ keys: ['vaswani2017attention'] }))[0], 20_000).catch(
        async (e: Error) => assert.fail(`${e.message} (${await state()})`),
      );
      // Longer than the watcher's and the editor's debounce (300 ms), so a second re-read would be seen.
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      sub.dispose();
    }
    assert.equal(loads.filter((l) => !l.endsWith('(unchanged)')).length, 1, loads.join(', '));
  });

  test('a key another entry uses is refused, naming where; nothing changes', async () => {
    await cursorAt('low-rank adapters');
    const { result, errors } = await capturingMessages(() =>
      add(corpusPaper({ key: 'hu2021lora', title: 'A Different Paper That Happens To Share The Key', arxiv: undefined })),
    );
    assert.equal(result, undefined);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, /`hu2021lora` is already used by editing\/actions\.bib:3/);
    const bib = await bibDoc();
    assert.equal(bib.getText(), bibOriginal);
    assert.equal(bib.isDirty, false);
  });

  test('a paper the .bib already has (same DOI) is refused with its key', async () => {
    await cursorAt('low-rank adapters');
    const { result, warnings } = await capturingMessages(() =>
      add(corpusPaper({ title: 'LoRA (another copy)', doi: '10.48550/arxiv.2106.09685', arxiv: undefined })),
    );
    assert.equal(result, 'hu2021lora');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /already in your bibliography as `hu2021lora`/);
    assert.equal((await bibDoc()).getText(), bibOriginal);
  });

  test('an unsaved edit in the .bib is kept, and the .bib is left unsaved', async () => {
    const bib = await bibDoc();
    const note = '% an unsaved note\n';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(bibUri, new vscode.Position(0, 0), note);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await cursorAt('low-rank adapters');
    assert.equal(await add(corpusPaper()), 'vaswani2017attention');
    assert.equal(bib.getText(), note + bibOriginal + '\n' + formatBibtex(corpusPaper(), 'vaswani2017attention'));
    assert.equal(bib.isDirty, true);
    assert.equal(fs.readFileSync(bibUri.fsPath, 'utf8'), bibOriginal, 'nothing written to disk');
  });

  test('an unsaved entry in the .bib counts: its key is not reused, its paper not added twice', async () => {
    const bib = await bibDoc();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(bibUri, bib.positionAt(bib.getText().length), '\n' + formatBibtex(corpusPaper(), 'vaswani2017attention'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const before = bib.getText();
    await cursorAt('low-rank adapters');
    const same = await capturingMessages(() => add(corpusPaper()));
    assert.equal(same.result, 'vaswani2017attention');
    assert.match(same.warnings[0] ?? '', /already in your bibliography as `vaswani2017attention`/);
    const other = await add(corpusPaper({ id: 'corpus:other', title: 'Attention Is Not All You Need Either', arxiv: undefined }));
    assert.equal(other, 'vaswani2017attentiona');
    assert.ok(bib.getText().startsWith(before));
  });

  test('Copy BibTeX copies a fresh entry under the paper’s own key', async () => {
    const deps = featureDeps(api);
    const lora = await lookup('hu2021lora');
    await copyBibtex(deps, lora);
    const copied = await vscode.env.clipboard.readText();
    assert.ok(copied.startsWith('@inproceedings{hu2021lora,\n  title'), copied);
    await copyBibtex(deps, corpusPaper());
    assert.match(await vscode.env.clipboard.readText(), /^@inproceedings\{vaswani2017attention,/);
  });
});
