// Runs inside a real VS Code extension host (see test/integration/runTest.ts): citation hovers on
// test/fixtures/workspace/editing/hover.tex and hover.md, whose bibliography is editing/editing.bib.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseBibtex } from '../../../src/core/sources/bibtex';
import { onlineArxiv } from './fakeServer';
import { openFixture, restoreFile, waitFor } from './util';
import type { RelatedWorkApi } from '../../../src/extension/extension';



/** Opens a fixture of editing/ in an editor, and the extension's services once it is active. */
const open = (name: string, language: string) => openFixture(`editing/${name}`, language);

/** The library has read the draft's bibliography (sources follow the active draft). */
async function bibliographyLoaded(api: RelatedWorkApi, key: string): Promise<void> {
  await waitFor(`the library to read ${key} from editing.bib`, async () => {
    const [r] = await api.library.lookup({ keys: [key] });
    return r?.origin.file.endsWith('editing.bib') ? r : undefined;
  });
}

/** Every hover's Markdown at `needle` (+ `delta` characters) in the document. */
async function hoverAt(doc: vscode.TextDocument, needle: string, delta = 1): Promise<{ text: string; hovers: vscode.Hover[] }> {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" is in ${doc.fileName}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset + delta));
  const text = hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n\n');
  return { text, hovers };
}

/** Markdown without its backslash escapes. */
const plain = (md: string) => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');

suite('Citation hover', () => {
  let tex: vscode.TextDocument;
  let api: RelatedWorkApi;

  suiteSetup(async function () {
    this.timeout(120_000);
    const opened = await open('hover.tex', 'latex');
    api = opened.api;
    tex = opened.editor.document;
    await bibliographyLoaded(api, 'xiao2023sinks');
  });

  test('over key b of \\citep[p.~3]{a, b}: title first, then the authors of b', async () => {
    const { text } = await hoverAt(tex, 'xiao2023sinks}', 3);
    const md = plain(text);
    assert.ok(md.startsWith('**Efficient Streaming Language Models with Attention Sinks**'), md);
    assert.match(md, /Guangxuan Xiao, Yuandong Tian, Beidi Chen/);
    assert.match(md, /2024/);
    assert.match(md, /\*International Conference on Learning Representations\*/);
    assert.match(md, /\[arXiv\]\(https:\/\/arxiv\.org\/abs\/2309\.17453\)/);
    assert.doesNotMatch(md, /LoRA/, 'only the hovered key');
  });

  test('over key a of the same group: the other paper', async () => {
    const { text, hovers } = await hoverAt(tex, 'hu2021lora,', 0);
    assert.match(plain(text), /^\*\*LoRA: Low-Rank Adaptation of Large Language Models\*\*/);
    assert.match(plain(text), /\[DOI\]\(https:\/\/doi\.org\/10\.48550\/arxiv\.2106\.09685\)/i);
    // The hover covers the key, not the whole command.
    const range = hovers.find((h) => h.range)?.range;
    assert.ok(range);
    assert.equal(tex.getText(range), 'hu2021lora');
  });

  test('over a key on the line after the line break of a group', async () => {
    const { text } = await hoverAt(tex, 'rombach2022ldm}', 2);
    assert.match(plain(text), /^\*\*High-Resolution Image Synthesis with Latent Diffusion Models\*\*/);
    assert.match(plain(text), /Robin Rombach/);
    assert.match(plain(text), /Björn Ommer/);
  });

  test('the abstract excerpt is short and cut at a word', async () => {
    const { text } = await hoverAt(tex, 'xiao2023sinks}', 3);
    const abstract = plain(text).split('\n\n').find((b) => b.startsWith('Deploying'));
    assert.ok(abstract, text);
    assert.ok(abstract.length <= 401 && abstract.endsWith('…'), abstract);
    assert.match(abstract, /[A-Za-z]…$/);
  });

  test('escapes Markdown in paper strings', async () => {
    const { text } = await hoverAt(tex, 'special2024', 2);
    assert.ok(text.startsWith('**Less \\*is\\* More\\: \\[Sparse\\] \\<Mixture\\>\\_of\\_Experts for \\#Routing**'), text);
    assert.ok(!/(^|[^\\])<Mixture/.test(text), 'no raw HTML');
    assert.ok(!/(^|[^\\])\[experts\]/.test(text), 'no raw link text');
  });

  test('links the entry as file:line through vscode.open, the only trusted command', async () => {
    const offset = tex.getText().indexOf('xiao2023sinks}');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', tex.uri, tex.positionAt(offset + 1));
    const md = hovers.flatMap((h) => h.contents).find((c): c is vscode.MarkdownString => typeof c !== 'string' && /vscode\.open/.test(c.value));
    assert.ok(md, 'a hover with a vscode.open link');
    assert.deepEqual(md.isTrusted, { enabledCommands: ['vscode.open'] });
    const m = /\[editing\/editing\\\.bib\\:(\d+)\]\(command:vscode\.open\?([^)]+)\)/.exec(md.value);
    assert.ok(m, md.value);
    assert.equal(m[1], '3');
    // Run the link's command the way the workbench does (the Uri comes back revived).
    const [uri, options] = JSON.parse(decodeURIComponent(m[2]!)) as [vscode.Uri, vscode.TextDocumentShowOptions];
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.from(uri as unknown as { scheme: string; path: string }), options);
    const active = await waitFor('the .bib to open', () =>
      vscode.window.activeTextEditor?.document.fileName.endsWith('editing.bib') ? vscode.window.activeTextEditor : undefined,
    );
    assert.equal(active.selection.active.line, 2, 'the entry line (0-based)');
    assert.match(active.document.lineAt(2).text, /^@inproceedings\{xiao2023sinks,/);
    await vscode.window.showTextDocument(tex);
  });

  test('an unknown key: says so, and offers the papers matching the paragraph', async () => {
    // A load still running (the sources follow the active draft) makes the hover say so instead.
    await waitFor('the library to be ready', () => api.library.status.state === 'ready');
    const { text, hovers } = await hoverAt(tex, 'nobody2020unknown', 2);
    assert.match(text, /`nobody2020unknown` is not in your bibliography\./);
    assert.match(text, /Papers that match this paragraph:/);
    const items = text.split('\n').filter((l) => /^\d\. /.test(l));
    assert.ok(items.length >= 1 && items.length <= 3, text);
    assert.match(plain(items[0]!), /LoRA/, 'the paragraph is about low-rank adaptation');

    // Each paper links to citing it in place of the unknown key: our command only, trusted only for it.
    const md = hovers.flatMap((h) => h.contents).find((c): c is vscode.MarkdownString => typeof c !== 'string' && /cite this instead/.test(c.value));
    assert.ok(md, text);
    assert.deepEqual(md.isTrusted, { enabledCommands: ['_relatedWork.usePaperForKey'] });
    const link = /\[cite this instead\]\(command:([\w.]+)\?([^)]+)\)/.exec(items[0]!);
    assert.ok(link, items[0]);
    const args = JSON.parse(decodeURIComponent(link[2]!)) as unknown[];
    try {
      assert.equal(await vscode.commands.executeCommand(link[1]!, ...args), true);
      assert.ok(tex.getText().includes('{hu2021lora}') && !tex.getText().includes('nobody2020unknown'), tex.getText());
    } finally {
      await vscode.window.showTextDocument(tex);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('no citation hover outside citations', async () => {
    const { text } = await hoverAt(tex, 'Streaming decoders', 3);
    assert.doesNotMatch(text, /bibliography|\*\*/);
    const opt = await hoverAt(tex, 'p.~3', 1);
    assert.doesNotMatch(opt.text, /bibliography|\*\*/);
  });

  suite('Markdown', () => {
    let md: vscode.TextDocument;
    suiteSetup(async function () {
      this.timeout(120_000);
      const { editor, api } = await open('hover.md', 'markdown');
      md = editor.document;
      await bibliographyLoaded(api, 'xiao2023sinks');
    });

    test('over @b of [see @a; @b, p. 3]', async () => {
      const { text, hovers } = await hoverAt(md, '@xiao2023sinks', 4);
      assert.match(plain(text), /^\*\*Efficient Streaming Language Models with Attention Sinks\*\*/);
      assert.match(plain(text), /Guangxuan Xiao/);
      const range = hovers.find((h) => h.range)?.range;
      assert.ok(range);
      assert.equal(md.getText(range), '@xiao2023sinks', 'the @ belongs to the key');
    });

    test('over a narrative @key, the @ included', async () => {
      const { text } = await hoverAt(md, '@wei2022cot', 0);
      assert.match(plain(text), /^\*\*Chain-of-Thought Prompting Elicits Reasoning in Large Language Models\*\*/);
    });
  });
});

suite('Go to Definition on a citation key', () => {
  test('F12 on a key of a group opens its .bib entry; an unknown key has none', async function () {
    this.timeout(120_000);
    const { editor, api } = await open('hover.tex', 'latex');
    const tex = editor.document;
    await bibliographyLoaded(api, 'hu2021lora');
    const definitionAt = async (needle: string, delta: number) =>
      vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        tex.uri,
        tex.positionAt(tex.getText().indexOf(needle) + delta),
      );
    const [loc] = await definitionAt('hu2021lora,', 2);
    assert.ok(loc && 'uri' in loc, 'one location');
    assert.ok(loc.uri.fsPath.endsWith('editing.bib'), loc.uri.fsPath);
    const bib = await vscode.workspace.openTextDocument(loc.uri);
    assert.match(bib.lineAt(loc.range.start.line).text, /^@inproceedings\{hu2021lora,/);
    assert.deepEqual(await definitionAt('nobody2020unknown', 2), []);
  });

  test("Find All References on a .bib entry's key: its citations in the workspace's drafts, from the draft too", async function () {
    this.timeout(120_000);
    const { editor } = await open('hover.tex', 'latex');
    const tex = editor.document;
    const bib = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'editing', 'editing.bib'));
    const refsAt = (doc: vscode.TextDocument, needle: string, delta: number) =>
      vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, doc.positionAt(doc.getText().indexOf(needle) + delta));
    const fromBib = await refsAt(bib, '@inproceedings{hu2021lora,', '@inproceedings{'.length + 2);
    const texts = await Promise.all(fromBib.map(async (l) => (await vscode.workspace.openTextDocument(l.uri)).getText(l.range)));
    assert.ok(texts.length > 0 && texts.every((t) => t === 'hu2021lora'), JSON.stringify(texts));
    assert.ok(fromBib.some((l) => l.uri.toString() === tex.uri.toString() && l.range.start.line === tex.positionAt(tex.getText().indexOf('hu2021lora')).line));
    const fromDraft = await refsAt(tex, 'hu2021lora,', 2);
    const key = (ls: vscode.Location[]) => ls.map((l) => `${l.uri.toString()}:${l.range.start.line}:${l.range.start.character}`).sort();
    assert.deepEqual(key(fromDraft), key(fromBib));
    assert.deepEqual(await refsAt(bib, '@inproceedings{hu2021lora,', 3), [], 'the cursor on the entry type, not the key');
  });

  test('an undefined key is a warning on the key, with a quick fix that replaces it by the paper chosen', async function () {
    this.timeout(120_000);
    const { editor, api } = await open('hover.tex', 'latex');
    const tex = editor.document;
    await bibliographyLoaded(api, 'hu2021lora');
    const ours = () => vscode.languages.getDiagnostics(tex.uri).filter((d) => d.source === 'Related Work' && d.code === 'undefined-key');
    const [d] = await waitFor('the undefined-key warning', () => ours().length === 1 && ours(), 10_000);
    assert.equal(tex.getText(d.range), 'nobody2020unknown', 'only the key the bibliography lacks');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', tex.uri, d.range);
    const fix = actions.find((a) => a.title === 'Find papers for this citation');
    assert.ok(fix?.command, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(!actions.some((a) => a.title === 'Add entry from online'), 'no online fix while online search is off');
    try {
      const done = vscode.commands.executeCommand<boolean>(fix.command.command, ...(fix.command.arguments ?? []));
      // The picker lists the paragraph's papers (LoRA first: the paragraph is about it); take the first.
      await new Promise((r) => setTimeout(r, 1500));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal(await done, true);
      assert.match(tex.getText(), /matrices \\cite\{hu2021lora\}/);
      await waitFor('no undefined-key warning left', () => ours().length === 0, 10_000);
    } finally {
      await vscode.window.showTextDocument(tex);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await waitFor('the warning back after the revert', () => ours().length === 1, 10_000);
  });

  test('online on: "Add entry from online" writes the paper the key names to the .bib under that key; the draft stays', async function () {
    this.timeout(120_000);
    const { editor, api } = await open('hover.tex', 'latex');
    const tex = editor.document;
    await bibliographyLoaded(api, 'hu2021lora');
    const bibUri = vscode.Uri.joinPath(tex.uri, '..', 'editing.bib');
    const bib = await vscode.workspace.openTextDocument(bibUri);
    const bibOriginal = bib.getText();
    const arxiv = await onlineArxiv();
    const w = vscode.window as { showInformationMessage: unknown };
    const { showInformationMessage } = w;
    const told: string[] = [];
    w.showInformationMessage = (m: string) => (told.push(m), Promise.resolve(undefined));
    try {
      // A key written from memory for a paper the .bib lacks (the server's second paper, Lovelace 2024).
      const edit = new vscode.WorkspaceEdit();
      const at = tex.getText().indexOf('nobody2020unknown');
      edit.replace(tex.uri, new vscode.Range(tex.positionAt(at), tex.positionAt(at + 'nobody2020unknown'.length)), 'lovelace2024rotary');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const draftBefore = tex.getText();
      const ours = () => vscode.languages.getDiagnostics(tex.uri).filter((d) => d.code === 'undefined-key' && tex.getText(d.range) === 'lovelace2024rotary');
      const [d] = await waitFor('the warning on the new key', () => ours().length === 1 && ours(), 10_000);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', tex.uri, d.range);
      const fix = actions.find((a) => a.title === 'Add entry from online');
      assert.ok(fix?.command, `actions: ${actions.map((a) => a.title).join(', ')}`);
      const done = vscode.commands.executeCommand<boolean>(fix.command.command, ...(fix.command.arguments ?? []));
      // The picker's first row is the paper whose first author, year and title word the key names
      // (the server lists Xiao et al. 2023 first).
      await waitFor('the online search', () => arxiv.requests.length > 0 || undefined, 10_000);
      await new Promise((r) => setTimeout(r, 1500));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal(await done, true);
      assert.match(decodeURIComponent(arxiv.requests[0]!.url), /lovelace.*rotary/);
      assert.equal(tex.getText(), draftBefore, 'the draft keeps the key as written');
      const entry = parseBibtex(bib.getText(), bibUri.fsPath).records.find((r) => r.key === 'lovelace2024rotary');
      assert.ok(entry, bib.getText());
      assert.equal(entry.title, 'Sink Tokens & Rotary Positions in Long-Context Attention');
      assert.deepEqual(entry.authors, ['Ada Lovelace']);
      assert.equal(entry.year, 2024);
      assert.ok(told.includes('Added the entry for `lovelace2024rotary` to editing/editing.bib.'), told.join('\n'));
      await waitFor('the warning gone', () => ours().length === 0, 10_000);
    } finally {
      w.showInformationMessage = showInformationMessage;
      await arxiv.close();
      await vscode.window.showTextDocument(tex);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await restoreFile(bibUri, bibOriginal);
      await waitFor('the library to forget the added entry', async () => ((await api.library.lookup({ keys: ['lovelace2024rotary'] }))[0] ? undefined : true));
    }
  });
});

suite('Citation hover on an entry holding payloads (issue 14, defect 2)', () => {
  test('Markdown, HTML, command links, icon syntax and a bidi override show as text; no command link is trusted', async function () {
    this.timeout(120_000);
    const { api, editor } = await open('hostile.tex', 'latex');
    await waitFor('the library to read hostile2024', async () => {
      const [r] = await api.library.lookup({ keys: ['hostile2024'] });
      return r?.origin.file.endsWith('hostile.bib') ? r : undefined;
    });
    const { text, hovers } = await hoverAt(editor.document, 'hostile2024', 2);
    assert.match(plain(text), /Click \[here\]\(command:workbench\.action\.terminal\.new\) <img src=x onerror=alert\(1\)> \$\(alert\) exe\.txt/, text);
    assert.doesNotMatch(text, /\u202e/, 'no bidi override');
    // Every link the Markdown makes is one of ours: the payload's brackets are escaped.
    const links = [...text.matchAll(/(?<!\\)\]\((?<target>[^)\s]*)/g)].map((m) => m.groups!.target!);
    assert.ok(links.every((t) => !/workbench\.action\.terminal/.test(t)), links.join('\n'));
    assert.doesNotMatch(text, /(^|[^\\])<(img|script|b)\b/, 'no raw HTML');
    const markdown = hovers.flatMap((h) => h.contents).filter((c) => typeof c !== 'string' && !('language' in c)) as vscode.MarkdownString[];
    assert.ok(markdown.length > 0, 'the hover has Markdown');
    for (const md of markdown) {
      assert.notEqual(md.isTrusted, true, 'never trusted for every command');
      const enabled = typeof md.isTrusted === 'object' ? md.isTrusted.enabledCommands : [];
      assert.ok(!enabled.includes('workbench.action.terminal.new'), JSON.stringify(md.isTrusted));
      assert.notEqual(md.supportHtml, true, 'HTML is not rendered');
    }
  });
});
