// Runs inside a real VS Code extension host (see test/integration/runTest.ts): the library service,
// its worker, the source rules, the watchers and the one-warning-per-load rule, end to end.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './util';
import type { RelatedWorkApi } from '../../../src/extension/extension';
import type { LibraryStatus } from '../../../src/extension/library/types';


// The spy goes in when mocha loads this file, before any test runs (activation.test.ts opens the
// draft that activates the extension), so the warnings of the very first load are counted too.
const warnings: string[] = [];
const spyInstalledBeforeActivation = !vscode.extensions.getExtension(EXTENSION_ID)?.isActive;
const realShowWarningMessage = vscode.window.showWarningMessage;
(vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string, ...rest: unknown[]) => {
  warnings.push(message);
  return (realShowWarningMessage as (...a: unknown[]) => Thenable<unknown>)(message, ...rest);
};
const ourWarnings = () => warnings.filter((m) => m.startsWith('Related Work:'));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
const fixture = (name: string) => vscode.Uri.joinPath(folder(), name);
const GOOD_KEYS = ['okafor2019citation', 'tanaka2021paragraph', 'garcia2022bibliography'];
const BUNDLED = fs.readFileSync(path.resolve(__dirname, '../../../data/default-corpus.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).length;

let api: RelatedWorkApi;

/** The library settled on the fixture draft's sources (refs.bib, broken.bib, bundled corpus). */
function settled(s: LibraryStatus): boolean {
  const names = (s.sources ?? []).map((x) => path.basename(x.file));
  return s.state === 'ready' && names.join(',') === 'refs.bib,broken.bib,default-corpus.jsonl';
}

suite('Library', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<RelatedWorkApi>(EXTENSION_ID)!;
    const doc = await vscode.workspace.openTextDocument(fixture('paper.tex'));
    await vscode.window.showTextDocument(doc);
    await waitFor('activation', () => ext.isActive);
    api = ext.exports;
    assert.ok(api?.library && api.drafts, 'activate() returns { library, drafts }');
    await api.library.whenReady();
    await waitFor('the draft\'s sources to be loaded', () => settled(api.library.status));
  });

  test('becomes ready with the .bib files the draft names and the bundled corpus', async () => {
    const s = api.library.status;
    assert.equal(BUNDLED, 70);
    // refs.bib: 1 entry; broken.bib: 3 good entries around a bad one; none of them in the bundled corpus.
    assert.equal(s.bibliographyEntries, 4);
    assert.equal(s.papers, BUNDLED + 4);
    assert.deepEqual(
      s.sources!.map((x) => [path.basename(x.file), x.role, x.records, x.errors]),
      [
        ['refs.bib', 'bibliography', 1, 0],
        ['broken.bib', 'bibliography', 3, 1],
        ['default-corpus.jsonl', 'default', BUNDLED, 0],
      ],
    );
  });

  test('a broken .bib: exactly one warning, a located error, every good entry kept', async () => {
    assert.ok(spyInstalledBeforeActivation, 'the warning spy was installed before the extension activated');
    assert.equal(ourWarnings().length, 1, `warnings: ${JSON.stringify(ourWarnings())}`);
    assert.match(ourWarnings()[0], /1 problem in broken\.bib \(line 10: /);
    const errors = api.library.status.errors;
    assert.equal(errors.length, 1);
    assert.equal(path.basename(errors[0].file), 'broken.bib');
    assert.equal(errors[0].line, 10);
    const found = await api.library.lookup({ keys: [...GOOD_KEYS, 'lewis2020rag', 'broken2020unclosed', 'no-such-key'] });
    assert.deepEqual(
      found.map((r) => r?.key),
      [...GOOD_KEYS, 'lewis2020rag', undefined, undefined],
    );
    assert.equal(found[0]!.inBibliography, true);
  });

  test('a broken entry is a diagnostic on its line in the Problems panel, gone once fixed in the editor (unsaved)', async () => {
    const broken = fixture('broken.bib');
    const ours = () => vscode.languages.getDiagnostics(broken).filter((d) => d.source === 'Related Work');
    const [d] = await waitFor('the diagnostic of broken.bib', () => ours().length === 1 && ours(), 5_000);
    assert.equal(d.range.start.line, 9, 'line 10, 0-based');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /unclosed|missing/i);
    const doc = await vscode.workspace.openTextDocument(broken);
    const line = doc.lineAt(9);
    assert.match(line.text, /\{An \{Unclosed Brace in the Title,$/);
    const fix = new vscode.WorkspaceEdit();
    fix.replace(broken, line.range, '  title     = {An Unclosed Brace in the Title},');
    assert.ok(await vscode.workspace.applyEdit(fix));
    try {
      await waitFor('no diagnostic once the entry is fixed, unsaved', () => ours().length === 0, 10_000);
      assert.ok(doc.isDirty, 'nothing was saved');
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor('broken.bib reverted', () => !doc.isDirty, 5_000);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
    await waitFor('the diagnostic back after the revert', () => ours().length === 1 && api.library.status.errors.length === 1, 10_000);
  });

  test('a hover on the key of a broken entry says so, where, and why (not "not in your bibliography")', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('paper.tex'));
    await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('\\end{document}');
    assert.ok(at > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(at), 'As shown in \\cite{broken2020unclosed}.\n\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const pos = doc.positionAt(doc.getText().indexOf('broken2020unclosed') + 3);
      const text = await waitFor('the hover of the broken key', async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
        const md = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
        return md.includes('broken2020unclosed') && md;
      }, 5_000);
      assert.match(text, /does not parse/);
      assert.match(text, /\[broken\\\.bib\\:10\]\(command:vscode\.open\?/);
      assert.doesNotMatch(text, /not in your bibliography/);
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor('paper.tex reverted', () => !doc.isDirty, 5_000);
    }
  });

  test('editing a .bib on disk updates the index (and repeats no warning)', async () => {
    const refs = fixture('refs.bib');
    const original = await vscode.workspace.fs.readFile(refs);
    const added = '\n@article{newkey2025,\n  title = {A Freshly Added Entry About Quantum Bibliographies},\n  author = {New, Nora},\n  year = {2025}\n}\n';
    const before = ourWarnings().length;
    try {
      await vscode.workspace.fs.writeFile(refs, Buffer.concat([Buffer.from(original), Buffer.from(added)]));
      const t0 = Date.now();
      const rec = await waitFor('newkey2025 in the index', async () => (await api.library.lookup({ keys: ['newkey2025'] }))[0], 5_000);
      console.log(`      (re-indexed ${Date.now() - t0} ms after the write)`);
      assert.equal(rec.title, 'A Freshly Added Entry About Quantum Bibliographies');
      assert.equal(api.library.status.papers, BUNDLED + 5);
      assert.equal(ourWarnings().length, before, 'an unchanged broken.bib is not announced again');
    } finally {
      await vscode.workspace.fs.writeFile(refs, original);
    }
    await waitFor('newkey2025 gone again', async () => !(await api.library.lookup({ keys: ['newkey2025'] }))[0], 5_000);
  });

  test('a new problem is announced once more; fixing one is not news', async () => {
    const broken = fixture('broken.bib');
    const original = await vscode.workspace.fs.readFile(broken);
    const before = ourWarnings().length;
    try {
      const worse = Buffer.concat([Buffer.from(original), Buffer.from('\n@misc{alsobad,\n  title = {Unclosed {again,\n  year = {2023},\n}\n')]);
      await vscode.workspace.fs.writeFile(broken, worse);
      await waitFor('two problems', () => api.library.status.errors.length === 2, 5_000);
      await sleep(300);
      assert.equal(ourWarnings().length, before + 1, `warnings: ${JSON.stringify(ourWarnings().slice(before))}`);
      assert.match(ourWarnings()[before], /2 problems in broken\.bib/);
    } finally {
      await vscode.workspace.fs.writeFile(broken, original);
    }
    await waitFor('one problem again', () => api.library.status.errors.length === 1, 5_000);
    await sleep(300);
    assert.equal(ourWarnings().length, before + 1, 'back to the known problem: no warning');
  });

  test('suggest: the draft’s text and the cursor give the paragraph’s papers, flagged', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('paper.tex'));
    const editor = await vscode.window.showTextDocument(doc);
    const offset = doc.getText().indexOf('grounds language models');
    editor.selection = new vscode.Selection(doc.positionAt(offset), doc.positionAt(offset));
    const active = api.drafts.activeParagraph();
    assert.ok(active?.paragraph, 'the cursor is in a paragraph');
    assert.match(active.paragraph.text, /^Retrieval-augmented generation grounds/);
    const answer = await api.library.suggest({ draft: { text: doc.getText(), format: 'latex' }, scope: { kind: 'paragraph', offset }, limit: 5 });
    assert.equal(answer.paragraph?.start, active.paragraph.start, 'the engine finds the paragraph the tracker shows');
    const results = answer.suggestions;
    assert.ok(results.length > 0);
    const lewis = results.find((r) => r.record.key === 'lewis2020rag');
    assert.ok(lewis, `lewis2020rag among ${results.map((r) => r.record.id).join(', ')}`);
    assert.equal(lewis.alreadyCited, true);
    assert.equal(lewis.inBibliography, true);

    const bib = await api.library.bibliography({ ranking: { draft: { text: 'citation recommendation for drafts', format: 'text' }, scope: { kind: 'paragraph', offset: 0 } } });
    assert.equal(bib.length, 4);
    assert.equal(bib[0].key, 'okafor2019citation');
    assert.ok((await api.library.search({ query: 'paragraph-level retrieval lexical', limit: 3 }))[0].record.key === 'tanaka2021paragraph');
  });

  test('a burst of rank requests on one channel: the waiting ones are superseded, the last is answered', async () => {
    const refs = fixture('refs.bib');
    void api.library.reloadFile(refs.fsPath); // keeps the worker busy while the burst arrives
    const burst = Array.from({ length: 20 }, (_, i) =>
      api.library.search({ query: `retrieval augmented generation ${i}`, limit: 10 }, { channel: 'test' }).then(
        (r) => ({ ok: true as const, r }),
        (e: Error) => ({ ok: false as const, name: e.name }),
      ),
    );
    const settledAll = await Promise.all(burst);
    const last = settledAll[settledAll.length - 1];
    assert.ok(last.ok && last.r.length > 0, 'the newest request is answered');
    const superseded = settledAll.filter((s) => !s.ok);
    assert.ok(superseded.every((s) => !s.ok && s.name === 'SupersededError'));
    assert.ok(superseded.length >= 1, 'stale requests were dropped');
    console.log(`      (${superseded.length} of 20 superseded)`);
  });

  test('the worker restarts after a crash, and the extension host lives on', async () => {
    const service = api.library as unknown as { terminateWorker(): Promise<void>; workerStarts: number };
    const starts = service.workerStarts;
    await service.terminateWorker();
    assert.equal(api.library.status.state, 'error');
    const [rec] = await api.library.lookup({ keys: ['okafor2019citation'] });
    assert.equal(rec?.key, 'okafor2019citation', 'the next call re-opened the sources');
    assert.equal(service.workerStarts, starts + 1);
    await waitFor('ready again', () => api.library.status.state === 'ready');
  });
});

suite('DraftTracker', () => {
  test('announces the paragraph at the cursor (debounced), scanning each version once', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'markdown',
      content: '# Title\n\nFirst paragraph about retrieval augmented generation.\n\nSecond paragraph about citation recommendation.\n',
    });
    const editor = await vscode.window.showTextDocument(doc);
    await waitFor('the markdown editor to be the active draft', () => api.drafts.activeEditor?.document === doc);
    const events: (string | undefined)[] = [];
    const sub = api.drafts.onDidChangeActiveParagraph((p) => events.push(p?.paragraph?.text));
    try {
      const at = (s: string) => doc.positionAt(doc.getText().indexOf(s));
      // Several moves inside the debounce window: one event, for where the cursor ended.
      editor.selection = new vscode.Selection(at('First'), at('First'));
      editor.selection = new vscode.Selection(at('Second'), at('Second'));
      editor.selection = new vscode.Selection(at('citation'), at('citation'));
      await waitFor('an event', () => events.length > 0, 3_000);
      await sleep(500);
      assert.deepEqual(events, ['Second paragraph about citation recommendation.']);
      // Moving within the same paragraph is not news; editing it is.
      editor.selection = new vscode.Selection(at('recommendation'), at('recommendation'));
      await sleep(500);
      assert.equal(events.length, 1);
      await editor.edit((e) => e.insert(at('recommendation'), 'context-aware '));
      await waitFor('an event after the edit', () => events.length === 2, 3_000);
      assert.match(events[1]!, /citation context-aware recommendation/);

      const tracker = api.drafts as unknown as { scans: number };
      const snap = api.drafts.get(doc)!;
      const scans = tracker.scans;
      assert.equal(api.drafts.get(doc), snap, 'same version: the cached snapshot');
      assert.equal(tracker.scans, scans);
      assert.equal(snap.version, doc.version);
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
