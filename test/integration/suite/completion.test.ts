// Runs inside a real VS Code extension host (see test/integration/runTest.ts): citation key
// completion on test/fixtures/workspace/editing/complete.tex and complete.md (bibliography:
// editing/editing.bib). The drafts are edited in memory only and reverted after each test.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './util';
import type { RelatedWorkApi } from '../../../src/extension/extension';

const ALL_KEYS = ['hu2021lora', 'rombach2022ldm', 'special2024', 'wei2022cot', 'xiao2023sinks'];


async function open(name: string, language: string): Promise<{ editor: vscode.TextEditor; api: RelatedWorkApi }> {
  const opened = await openFixture(`editing/${name}`, language);
  // Sources follow the active draft: wait until the bibliography is exactly editing.bib.
  await waitFor('the bibliography to be editing.bib', async () => {
    const keys = (await opened.api.library.bibliography({})).map((r) => r.key).sort();
    return JSON.stringify(keys) === JSON.stringify(ALL_KEYS);
  });
  return opened;
}

/** Replaces the first `needle` in the (unsaved) document by `text`, with `|` marking the cursor; gives the cursor. */
async function type(editor: vscode.TextEditor, needle: string, text: string): Promise<vscode.Position> {
  const doc = editor.document;
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is in ${doc.fileName}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length)), text.replace('|', ''));
  assert.ok(await vscode.workspace.applyEdit(edit));
  const cursor = doc.positionAt(at + text.indexOf('|'));
  editor.selection = new vscode.Selection(cursor, cursor);
  return cursor;
}

/** The position just after the first `needle` (+ delta). */
function after(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is in ${doc.fileName}`);
  return doc.positionAt(at + needle.length + delta);
}

/** Our citation items at `pos` (other providers' word suggestions left out), in sortText order. */
async function citationItems(doc: vscode.TextDocument, pos: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos, trigger);
  return list.items
    .filter((i) => i.kind === vscode.CompletionItemKind.Reference && typeof i.label === 'object' && i.label.description)
    .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
}

const keyOf = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);

async function revert(editor: vscode.TextEditor): Promise<void> {
  if (!editor.document.isDirty) return;
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(editor.document.isDirty, false);
}

suite('Citation completion', () => {
  suite('LaTeX', () => {
    let editor: vscode.TextEditor;
    suiteSetup(async function () {
      this.timeout(120_000);
      ({ editor } = await open('complete.tex', 'latex'));
    });
    teardown(async () => revert(editor));

    test('inside \\cite{}: the words just before the cursor count most, though the paragraph says as much of another entry', async () => {
      const text = editor.document.getText();
      const paragraph = text.slice(text.indexOf('We adapt'), text.indexOf('CITE_HERE.') + 'CITE_HERE.'.length);
      const sentence = 'Large language models are adapted with low-rank matrices \\cite{} and served over long streams with attention sinks \\cite{|} in our experiments.';
      const pos = await type(editor, paragraph, sentence);
      assert.equal(keyOf((await citationItems(editor.document, pos, '{'))[0]!), 'xiao2023sinks');
      const first = editor.document.positionAt(editor.document.getText().indexOf('\\cite{}') + '\\cite{'.length);
      assert.equal(keyOf((await citationItems(editor.document, first, '{'))[0]!), 'hu2021lora');
    });

    test('inside \\cite{} in a paragraph about one entry: that key first, every key offered', async () => {
      const pos = await type(editor, 'CITE_HERE', '\\cite{|}');
      const items = await citationItems(editor.document, pos, '{');
      assert.deepEqual(items.map(keyOf).sort(), ALL_KEYS, 'all bibliography keys');
      assert.equal(keyOf(items[0]!), 'hu2021lora', `order: ${items.map(keyOf).join(', ')}`);
      assert.equal(items[0]!.preselect, true);
      assert.ok(items.slice(1).every((i) => !i.preselect));
      // Each item says which paper it is.
      const first = items[0]!;
      assert.equal(typeof first.label === 'object' && first.label.description, 'LoRA: Low-Rank Adaptation of Large Language Models — Hu et al., 2022');
      assert.equal(first.detail, 'LoRA: Low-Rank Adaptation of Large Language Models — Hu et al., 2022');
      assert.ok(first.documentation instanceof vscode.MarkdownString);
      assert.match(first.documentation.value, /^\*\*LoRA/);
      assert.match(first.documentation.value, /We propose Low\\-Rank Adaptation/);
    });

    test('items replace the key being typed and filter on key, authors and title words', async () => {
      const pos = await type(editor, 'CITE_HERE', '\\cite{lo|}');
      const items = await citationItems(editor.document, pos);
      const lora = items.find((i) => keyOf(i) === 'hu2021lora');
      assert.ok(lora);
      const range = lora.range as { inserting: vscode.Range; replacing: vscode.Range };
      assert.equal(editor.document.getText(range.inserting), 'lo');
      assert.ok(range.inserting.end.isEqual(pos));
      assert.match(lora.filterText ?? '', /^hu2021lora Hu Shen Wallis 2022 LoRA Low-Rank Adaptation/);
      assert.ok((lora.filterText ?? '').length <= 128);
    });

    test('after a comma of a group: the keys already in it are left out', async () => {
      const pos = await type(editor, 'CITE_HERE', '\\citep{wei2022cot, |}');
      const items = await citationItems(editor.document, pos, ',');
      const keys = items.map(keyOf);
      assert.ok(!keys.includes('wei2022cot'), keys.join(', '));
      assert.equal(keys.length, ALL_KEYS.length - 1);
      assert.equal(keys[0], 'hu2021lora');
    });

    test('after the .bib keys: corpus papers the paragraph matches, marked; accepting one adds its entry, or puts back what was typed', async () => {
      const doc = editor.document;
      const bibUri = vscode.Uri.joinPath(doc.uri, '..', 'editing.bib');
      const bibOriginal = fs.readFileSync(bibUri.fsPath, 'utf8');
      const T2I = 'Continuous, Subject-Specific Attribute Control in T2I Models by Identifying Semantic Directions';
      const pos = await type(editor, 'CITE_HERE', `on continuous subject-specific attribute control in text-to-image (T2I) models through semantic directions in CLIP embeddings \\cite{cont|}`);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
      const ours = list.items.filter((i) => typeof i.label === 'object' && i.label.description).sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
      const corpus = ours.filter((i) => i.kind === vscode.CompletionItemKind.Value);
      assert.ok(corpus.length > 0 && corpus.length <= 8, `${corpus.length} corpus items`);
      const kinds = ours.map((i) => (i.kind === vscode.CompletionItemKind.Reference ? 'bib' : 'corpus'));
      assert.deepEqual(kinds, [...ALL_KEYS.map(() => 'bib'), ...corpus.map(() => 'corpus')], 'the .bib keys first');
      const t2i = corpus.find((i) => typeof i.label === 'object' && i.label.description?.startsWith(T2I));
      assert.ok(t2i, corpus.map((i) => JSON.stringify(i.label)).join('\n'));
      assert.match(typeof t2i.label === 'object' ? (t2i.label.description ?? '') : '', /· not in your \.bib$/);
      const key = keyOf(t2i);
      assert.equal(key, 'continuous');

      // Accepting as VS Code does: the key replaces what was typed, then the item's command runs.
      const accept = async (): Promise<boolean> => {
        const range = (t2i.range as { inserting: vscode.Range }).inserting;
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, new vscode.Range(range.start, pos), String(t2i.insertText));
        assert.ok(await vscode.workspace.applyEdit(edit));
        return vscode.commands.executeCommand<boolean>(t2i.command!.command, ...(t2i.command!.arguments ?? []));
      };
      const w = vscode.window as { showWarningMessage: unknown };
      const { showWarningMessage } = w;
      const asked: string[] = [];
      let answer: string | undefined;
      w.showWarningMessage = (m: string, _o: unknown, ...items: string[]) => (asked.push(m), Promise.resolve(items.includes(answer ?? '') ? answer : undefined));
      try {
        // A title-only paper: the entry is previewed; cancelled, the draft shows what was typed again.
        assert.equal(await accept(), false);
        assert.equal(asked.length, 1);
        assert.match(asked[0]!, /has no authors and year/);
        assert.ok(doc.getText().includes('\\cite{cont}'), 'the typed text is back');
        assert.equal(fs.readFileSync(bibUri.fsPath, 'utf8'), bibOriginal);

        answer = 'Write Anyway';
        assert.equal(await accept(), true);
        assert.ok(doc.getText().includes(`\\cite{${key}}`));
        const bib = await vscode.workspace.openTextDocument(bibUri);
        assert.match(bib.getText(), new RegExp(`@misc\\{${key},\\n  title`));
      } finally {
        w.showWarningMessage = showWarningMessage;
        const bib = await vscode.workspace.openTextDocument(bibUri);
        if (bib.isDirty) {
          await vscode.window.showTextDocument(bib);
          await vscode.commands.executeCommand('workbench.action.files.revert');
        }
        if (fs.readFileSync(bibUri.fsPath, 'utf8') !== bibOriginal) fs.writeFileSync(bibUri.fsPath, bibOriginal);
        await waitFor('editing.bib restored', () => bib.getText() === bibOriginal || undefined);
        await vscode.window.showTextDocument(doc);
      }
    });

    test('not inside an optional argument [p.~3]', async () => {
      const items = await citationItems(editor.document, after(editor.document, '\\citep[p.'));
      assert.deepEqual(items.map(keyOf), []);
    });

    test('not in a comment', async () => {
      const items = await citationItems(editor.document, after(editor.document, 'mentions \\cite{'), '{');
      assert.deepEqual(items.map(keyOf), []);
    });

    test('not in prose', async () => {
      const items = await citationItems(editor.document, after(editor.document, 'We adapt'), ',');
      assert.deepEqual(items.map(keyOf), []);
    });
  });

  suite('Markdown', () => {
    let editor: vscode.TextEditor;
    suiteSetup(async function () {
      this.timeout(120_000);
      ({ editor } = await open('complete.md', 'markdown'));
    });
    teardown(async () => revert(editor));

    test('after [@: the key of the paragraph first', async () => {
      const pos = await type(editor, 'CITE_HERE', '[@|]');
      const items = await citationItems(editor.document, pos, '@');
      assert.deepEqual(items.map(keyOf).sort(), ALL_KEYS);
      assert.equal(keyOf(items[0]!), 'hu2021lora', items.map(keyOf).join(', '));
    });

    test('after ; @ in a group, without the keys already there', async () => {
      const pos = await type(editor, 'CITE_HERE', '[@xiao2023sinks; @|]');
      const keys = (await citationItems(editor.document, pos, '@')).map(keyOf);
      assert.ok(!keys.includes('xiao2023sinks'));
      assert.equal(keys[0], 'hu2021lora');
    });

    test('not after an e-mail address', async () => {
      const pos = await type(editor, 'CITE_HERE', 'mail me@|');
      assert.deepEqual((await citationItems(editor.document, pos, '@')).map(keyOf), []);
    });
  });
});
