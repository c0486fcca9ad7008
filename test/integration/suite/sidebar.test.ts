// Runs inside a real VS Code extension host (see test/integration/runTest.ts): the Find Related
// Work command against the bundled corpus, on a paragraph, a selection and the preamble of
// test/fixtures/workspace/related.tex, plus the sidebar's HTML shell and display strings.
// The command resolves with what it displayed in the sidebar; the DOM is tested in test/e2e.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './util';
import type { RelatedWorkApi } from '../../../src/extension/extension';
import { INITIAL_STATE_ATTRIBUTE, type ViewModel } from '../../../src/protocol';
import { renderHtml } from '../../../src/extension/sidebar/html';
import type { DisplayedResults } from '../../../src/extension/sidebar/sidebarProvider';

const ZEROTUNING = "ZeroTuning: Unlocking the Initial Token's Power to Enhance Large Language Models Without Training";
const TODRE = 'ToDRE: Visual Token Pruning via Diversity and Task Awareness for Efficient Large Vision-Language Models';

async function openDraft(): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders![0]!;
  let doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'related.tex'));
  if (doc.languageId !== 'latex') doc = await vscode.languages.setTextDocumentLanguage(doc, 'latex');
  const editor = await vscode.window.showTextDocument(doc);
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const start = Date.now();
  while (!ext.isActive) {
    if (Date.now() - start > 20_000) throw new Error('the extension did not activate');
    await new Promise((r) => setTimeout(r, 100));
  }
  return editor;
}

/** Puts the cursor (or a selection) on the first line containing `needle`. */
function place(editor: vscode.TextEditor, needle: string, select = false): void {
  const doc = editor.document;
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" is in ${doc.fileName}`);
  const start = doc.positionAt(offset);
  const end = select ? doc.lineAt(start.line).range.end : start;
  editor.selection = new vscode.Selection(start, end);
}

function libraryStatus(): string {
  const api = vscode.extensions.getExtension(EXTENSION_ID)?.exports as { library?: { status: unknown } } | undefined;
  return JSON.stringify(api?.library?.status ?? 'no api');
}

const find = () => vscode.commands.executeCommand<DisplayedResults | undefined>('relatedWork.findRelatedWork');
const titles = (r: DisplayedResults | undefined) => (r?.suggestions ?? []).map((s) => s.record.title);

/** The papers of the Find Related Work suite: two it should find among ten near misses on tokens and attention. */
const CORPUS = 'attention-corpus.jsonl';
/** How far down a paper may come and still count as found: a ranking change must not break UI tests. */
const TOP_K = 3;

async function useCorpus(files: string[] | undefined, bundled: boolean | undefined): Promise<void> {
  const config = vscode.workspace.getConfiguration('relatedWork');
  await config.update('corpusFiles', files, vscode.ConfigurationTarget.Global);
  await config.update('useBundledCorpus', bundled, vscode.ConfigurationTarget.Global);
}

suite('Find Related Work', () => {
  let editor: vscode.TextEditor;

  suiteSetup(async function () {
    this.timeout(120_000);
    editor = await openDraft();
    const api = vscode.extensions.getExtension<RelatedWorkApi>(EXTENSION_ID)!.exports;
    const corpus = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, CORPUS).fsPath;
    await useCorpus([corpus], false);
    await waitFor('the fixture corpus, alone, in the library', () => {
      const { state, sources = [] } = api.library.status;
      return state === 'ready' && sources.some((s) => s.file === corpus && s.records === 12) && sources.every((s) => s.role !== 'default');
    });
  });

  suiteTeardown(async () => {
    await useCorpus(undefined, undefined);
  });

  test('on a paragraph: the paper it is about is among the first, header names line and section', async function () {
    this.timeout(120_000);
    place(editor, 'This initial token acts as an attention sink');
    const r = await find();
    assert.ok(r, 'the command resolves with what it displayed');
    assert.equal(r.error, undefined);
    assert.equal(r.source, 'paragraph');
    assert.match(r.title, /^Paragraph at line 8 · Introduction$/);
    const top = titles(r).slice(0, TOP_K);
    assert.ok(top.includes(ZEROTUNING), `ZeroTuning in the top ${TOP_K}: ${top.join(' | ')}; library: ${libraryStatus()}`);
    assert.ok(r.suggestions[0]!.matchedTerms.length > 0, 'the first result says which words matched');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'the keyboard focus stays in the draft');
  });

  test('on a selection: ranks the selected text only', async function () {
    this.timeout(120_000);
    place(editor, 'Vision-language models spend most of their compute', true);
    const r = await find();
    assert.equal(r?.source, 'selection');
    assert.match(r!.title, /^Selection · line 11$/);
    const top = titles(r).slice(0, TOP_K);
    assert.ok(top.includes(TODRE), `ToDRE in the top ${TOP_K}: ${top.join(' | ')}`);
  });

  test('with the cursor in the preamble: ranks the whole draft', async function () {
    this.timeout(120_000);
    place(editor, '\\usepackage{natbib}');
    const r = await find();
    assert.equal(r?.source, 'draft');
    assert.equal(r!.title, 'Whole draft · Where Attention Goes: Initial Tokens in Large Language Models');
    const top = titles(r).slice(0, 5);
    assert.ok(top.includes(ZEROTUNING), `ZeroTuning in the top 5: ${top.join(' | ')}`);
    assert.ok(top.includes(TODRE), `ToDRE in the top 5: ${top.join(' | ')}`);
  });
});

// The shipped example draft is meant for the shipped corpus (the settings are back to their defaults).
suite('Find Related Work on the shipped example', () => {
  test('on a paragraph of the example draft (examples/paper.tex), with the bundled corpus: the seed paper it describes is among the first', async function () {
    this.timeout(120_000);
    const api = vscode.extensions.getExtension<RelatedWorkApi>(EXTENSION_ID)!.exports;
    await waitFor('the bundled corpus in the library', () => api.library.status.state === 'ready' && api.library.status.sources?.some((s) => s.role === 'default'));
    const root = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'examples', 'paper.tex');
    let doc = await vscode.workspace.openTextDocument(root);
    if (doc.languageId !== 'latex') doc = await vscode.languages.setTextDocumentLanguage(doc, 'latex');
    const example = await vscode.window.showTextDocument(doc);
    try {
      // The paragraph describes skipping upper layers per token with a consistent key-value cache.
      place(example, 'Some skip the upper layers for tokens');
      const r = await find();
      assert.equal(r?.source, 'paragraph');
      assert.match(r!.title, /· Shortening the Decoding Loop$/);
      const top = titles(r).slice(0, TOP_K);
      assert.ok(top.some((t) => t.startsWith('SkipDecode: Autoregressive Skip Decoding')), `SkipDecode in the top ${TOP_K}: ${top.join(' | ')}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});

suite('Sidebar HTML shell', () => {
  const fakeWebview = {
    cspSource: 'https://webview.test',
    asWebviewUri: (u: vscode.Uri) => vscode.Uri.parse(`https://webview.test${u.path}`),
  } as unknown as vscode.Webview;
  const model: ViewModel = {
    status: { state: 'ready', papers: 1, bibliographyEntries: 0, problems: 0 },
    content: { kind: 'empty', message: '"><script>alert(1)</script><img src=x onerror=alert(1)>' },
    query: '',
    revision: 1,
  };

  test('CSP: default-src none, nonce-only scripts, a fresh nonce per render', () => {
    const root = vscode.Uri.file('/ext');
    const a = renderHtml(fakeWebview, root, model);
    const b = renderHtml(fakeWebview, root, model);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(a)?.[1]?.replace(/&#39;/g, "'");
    assert.ok(csp);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /style-src https:\/\/webview\.test(;|$)/);
    assert.match(csp, /font-src https:\/\/webview\.test(;|$)/);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{20,}'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const nonce = (html: string) => /script-src &#39;nonce-([^&]+)&#39;/.exec(html)![1];
    assert.notEqual(nonce(a), nonce(b));
    assert.ok(a.includes(`<script nonce="${nonce(a)}" src="https://webview.test/ext/dist/webview.js">`));
    assert.ok(a.includes('href="https://webview.test/ext/dist/codicons/codicon.css"'));
  });

  test('the initial state travels escaped in a data-* attribute, not as markup or inline script', () => {
    const html = renderHtml(fakeWebview, vscode.Uri.file('/ext'), model);
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'only the bundled script tag');
    assert.doesNotMatch(html, /<img/);
    const attr = new RegExp(`${INITIAL_STATE_ATTRIBUTE}="([^"]*)"`).exec(html)?.[1];
    assert.ok(attr);
    const decoded = attr.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(decoded), model);
  });
});
