// UI test of the Related Work sidebar in a real VS Code 1.139.1 (code-server) driven by headless
// chromium via playwright-core, as a person would use it: open examples/paper.tex, put the cursor
// in a paragraph, run "Related Work: Find Related Work" from the palette, read the cards in the
// sidebar webview, hover one for its abstract, insert a citation, and check that a corpus record
// whose abstract holds <img onerror> / <script> renders as text and runs nothing.
//
// Run: node scripts/test-host/setup.mjs && npm run build &&
//      npx mocha --no-config --timeout 180000 test/e2e/sidebar.e2e.mjs
// Artifacts (test-artifacts/): sidebar-light.png, sidebar-dark.png, sidebar-high-contrast.png,
// sidebar-preview-light.png, sidebar-preview-bottom.png, sidebar-preview-dark.png, sidebar-hostile.png,
// sidebar-workbench.png, entry-preview.png;
// on failure sidebar-failure.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, makeRunDir } from '../harness/codeServer.mjs';
import { ARTIFACTS, editorText, goToLine, openFile, openWorkbench, runCommand, until, webviewFrame, workbenchHooks } from './workbench.mjs';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const HOSTILE_CORPUS = path.join(PROJECT_ROOT, 'test', 'fixtures', 'workspace', 'hostile-corpus.jsonl');
const log = (l) => console.log(`      [e2e] ${l}`);

const BASE_SETTINGS = {
  'editor.hover.delay': 100,
  'workbench.startupEditor': 'none',
  'git.openRepositoryInParentFolders': 'never',
  'workbench.tips.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

describe('Related Work sidebar (code-server + chromium)', function () {
  this.timeout(180_000);
  /** @type {import('playwright-core').Page} */
  let page;
  let runDir;
  let workspace;
  /** Line (1-based) of the paragraph the cursor is put in. */
  let paragraphLine;

  const sidebar = () => page.locator('.part.sidebar');
  const view = () => webviewFrame(page);
  const shot = async (name, locator = sidebar()) => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, name);
    await locator.screenshot({ path: file, animations: 'disabled' });
    log(`screenshot: ${path.relative(PROJECT_ROOT, file)}`);
  };
  // Through the theme picker (the workbench does not pick up a rewritten settings file at once).
  // Theme labels of VS Code 1.139: "Light Modern" / "Dark Modern" (formerly "Default … Modern").
  const setTheme = async (theme, cls) => {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T');
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.locator('.monaco-list-row', { hasText: 'Light Modern' }).first().waitFor();
    await page.keyboard.type(theme);
    await quickInput.locator('.monaco-list-row', { hasText: theme }).first().waitFor();
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden' });
    await page.locator(`.monaco-workbench.${cls}`).waitFor({ timeout: 20_000 });
    // The webview gets the new theme's variables and body class right after the workbench repaints.
    const bodyClass = { vs: 'vscode-light', 'vs-dark': 'vscode-dark', 'hc-black': 'vscode-high-contrast' }[cls];
    await until(`the webview to follow ${theme}`, async () => (await view().locator('body').getAttribute('class'))?.includes(bodyClass));
    await page.waitForTimeout(300);
  };

  before(async function () {
    assert.ok(fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'webview.js')), 'dist/webview.js is missing: run "npm run build" first');
    runDir = makeRunDir('rw-vscode-sidebar-');

    // The example draft in a scratch copy (the test inserts a citation and may append to its .bib),
    // plus a corpus with a hostile record, named in the workspace settings.
    workspace = path.join(runDir, 'workspace');
    fs.cpSync(EXAMPLES, workspace, { recursive: true });
    fs.copyFileSync(HOSTILE_CORPUS, path.join(workspace, 'hostile-corpus.jsonl'));
    fs.mkdirSync(path.join(workspace, '.vscode'));
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'relatedWork.corpusFiles': ['hostile-corpus.jsonl'] }, null, 2));
    const tex = fs.readFileSync(path.join(workspace, 'paper.tex'), 'utf8').split('\n');
    paragraphLine = tex.findIndex((l) => l.includes('cache as attention sinks lets a model run')) + 1;
    assert.ok(paragraphLine > 0, 'the example draft has the attention-sinks paragraph');

    ({ page } = await openWorkbench({
      runDir,
      folder: workspace,
      log,
      viewport: { width: 1400, height: 900 },
      settings: { ...BASE_SETTINGS, 'workbench.colorTheme': 'Light Modern' },
    }));
  });
  workbenchHooks({ page: () => page, runDir: () => runDir, failureShot: 'sidebar-failure.png' });

  it('Find Related Work from the palette lists papers for the paragraph at the cursor', async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } });
    await openFile(page, 'paper.tex');
    await page.locator('.editor-instance .monaco-editor .view-lines').filter({ hasText: /Introduction/ }).waitFor();
    await goToLine(page, paragraphLine);
    await runCommand(page, 'Related Work: Find Related Work');

    const header = view().locator('.header');
    await header.filter({ hasText: /^Paragraph at line \d+ · Shortening the Decoding Loop/ }).waitFor();
    const cards = view().locator('.card');
    await cards.first().waitFor();
    const titles = await view().locator('.card .title').allTextContents();
    log(`header: ${await header.textContent()}`);
    log(`cards (${titles.length}): ${titles.slice(0, 5).join(' | ')}`);
    assert.ok(titles.length >= 3, 'several papers are listed');
    assert.ok(titles.every((t) => t.trim().length > 0), 'every card has a title');
    // The paragraph is about speculative decoding, skipping layers and attention sinks.
    const top = titles.slice(0, 8).join('\n');
    assert.match(top, /SkipDecode|Speculative|Attention Sinks|Streaming|Landmark|Token Recycling|R2R/i);
    // Matched words are highlighted, the footer gives the index size.
    assert.ok((await view().locator('.card mark').count()) > 0, 'matched terms are highlighted');
    assert.match((await view().locator('.footer').textContent()) ?? '', /\d+ papers/);
    await page.mouse.move(1300, 850); // away from the cards: no hover state in the screenshot
    await page.waitForTimeout(300);
    await shot('sidebar-light.png');
    await page.screenshot({ path: path.join(ARTIFACTS, 'sidebar-workbench.png') });
  });

  it('hovering a card shows its abstract preview', async () => {
    // The first card with an abstract (.bib entries often have none; those say so).
    const card = view().locator('.card[aria-expanded]').first();
    const title = (await card.locator('.title').textContent()) ?? '';
    await card.locator('.title').hover();
    const preview = view().locator('#preview');
    await preview.waitFor({ state: 'visible' });
    const text = (await preview.textContent()) ?? '';
    log(`preview of "${title.slice(0, 50)}…": ${text.slice(0, 160)}…`);
    assert.ok(text.includes(title), 'the preview names the paper');
    assert.ok(text.length > title.length + 100, 'the preview shows the abstract');
    await shot('sidebar-preview-light.png');
  });

  it('the preview of the last card stays inside the view and off its card', async () => {
    const cards = view().locator('.card');
    const last = cards.nth((await cards.count()) - 1);
    await last.scrollIntoViewIfNeeded();
    await page.mouse.move(1300, 850);
    await last.locator('.title').hover();
    const preview = view().locator('#preview');
    await preview.waitFor({ state: 'visible' });
    await until('the preview to be placed', async () => (await preview.evaluate((el) => el.getBoundingClientRect().height)) > 0);
    const geometry = await preview.evaluate((el, card) => {
      const p = el.getBoundingClientRect();
      const c = card.getBoundingClientRect();
      return { top: p.top, bottom: p.bottom, height: window.innerHeight, cardTop: c.top, cardBottom: c.bottom };
    }, await last.elementHandle());
    log(`last card ${Math.round(geometry.cardTop)}–${Math.round(geometry.cardBottom)}, preview ${Math.round(geometry.top)}–${Math.round(geometry.bottom)} of ${geometry.height}`);
    assert.ok(geometry.top >= 0 && geometry.bottom <= geometry.height, 'the preview is not clipped by the view');
    assert.ok(geometry.bottom <= geometry.cardTop || geometry.top >= geometry.cardBottom, 'the preview does not cover its card');
    await shot('sidebar-preview-bottom.png');
    await page.mouse.move(1300, 850);
    await cards.first().scrollIntoViewIfNeeded();
  });

  it('keyboard: arrows move between cards, Space expands the abstract, / focuses the search box', async () => {
    const cards = view().locator('.card');
    await cards.first().focus();
    await cards.first().press('ArrowDown');
    await until('the second card to be focused', async () => cards.nth(1).evaluate((el) => el === document.activeElement));
    await cards.nth(1).press('ArrowUp');
    await until('the first card to be focused', async () => cards.first().evaluate((el) => el === document.activeElement));
    // Space toggles the abstract of a card that has one.
    const card = view().locator('.card[aria-expanded]').first();
    await card.focus();
    await card.press('Space');
    await card.locator('.abstract').waitFor({ state: 'visible' });
    assert.equal(await card.getAttribute('aria-expanded'), 'true');
    await card.press('Space');
    await card.locator('.abstract').waitFor({ state: 'hidden' });
    await card.press('/');
    assert.ok(await view().locator('.search-input').evaluate((el) => el === document.activeElement), '/ focuses the search box');
  });

  it('follows the theme: dark and high contrast', async () => {
    await setTheme('Dark Modern', 'vs-dark');
    await page.mouse.move(1300, 850);
    await page.waitForTimeout(300);
    await shot('sidebar-dark.png');
    await view().locator('.card').nth(1).locator('.title').hover();
    await view().locator('#preview').waitFor({ state: 'visible' });
    await shot('sidebar-preview-dark.png');
    await setTheme('Dark High Contrast', 'hc-black');
    await view().locator('.card').nth(2).locator('.title').hover();
    await view().locator('#preview').waitFor({ state: 'visible' });
    await shot('sidebar-high-contrast.png');
    await setTheme('Light Modern', 'vs');
  });

  it('switching to the .bib editor keeps the draft\'s results', async () => {
    const titles = async () => view().locator('.card .title').allInnerTexts();
    const before = await titles();
    assert.ok(before.length > 0);
    await openFile(page, 'references.bib');
    await page.waitForTimeout(1500); // longer than the cursor's debounce
    assert.deepEqual(await titles(), before);
    assert.equal(await view().locator('.empty').count(), 0, 'no "open a draft" message');
    await page.locator('.tabs-container .tab', { hasText: 'paper.tex' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'paper.tex' }).waitFor();
  });

  it("Insert citation puts the draft's own citation command (\\citep{key}) into the draft at the cursor", async () => {
    // The first card the paragraph does not cite yet (cited ones only say "already cited").
    const card = view().locator('.card').filter({ hasNot: view().locator('.badge.cited') }).first();
    const button = card.locator('[data-action="insertCitation"]');
    const title = (await card.locator('.title').innerText()).trim();
    const cardOf = () => view().locator('.card').filter({ has: view().locator('.title', { hasText: title }) }).first();
    await card.hover();
    const label = (await button.getAttribute('aria-label')) ?? '';
    // A paper with a key names it; a bundled paper without one gets a new key when cited.
    const key = /\(([^)]+)\)$/.exec(label)?.[1];
    // The example draft cites with \citep: a new citation follows it.
    const cites = (text) => new Set([...text.matchAll(/\\citep\{([^}]+)\}/g)].map((m) => m[1]));
    const before = cites(await editorText(page));
    const bibFile = path.join(workspace, 'references.bib');
    const bibBefore = fs.readFileSync(bibFile, 'utf8');
    await button.click();
    const dialog = page.locator('.monaco-dialog-box');
    if (!key) {
      // A bundled paper has a title and an abstract only: its entry is shown before anything is written.
      await dialog.waitFor();
      const said = await dialog.innerText();
      assert.match(said, /has no authors and year/);
      assert.match(said, /@misc\{/);
      assert.doesNotMatch(said, /abstract\s*=/);
      assert.equal(fs.readFileSync(bibFile, 'utf8'), bibBefore, 'nothing written yet');
      await shot('entry-preview.png', page.locator('.monaco-workbench'));
      await dialog.getByRole('button', { name: 'Write Anyway' }).click();
    }
    let added;
    await until('a new \\citep{…} in the editor', async () => {
      added = [...cites(await editorText(page))].filter((k) => !before.has(k));
      return added.length === 1;
    });
    if (key) assert.equal(added[0], key);
    log(`editor: \\citep{${added[0]}}${key ? '' : ' (new key)'}`);
    if (key) return;
    // The card follows the document: cited here, in your .bib, no Add button.
    await until('the card to say "cited here" and "in your .bib"', async () =>
      (await cardOf().locator('.badge.cited').count()) === 1 && (await cardOf().locator('.badge.bib').count()) === 1);
    assert.equal(await cardOf().locator('[data-action="addToBibliography"]').count(), 0, 'no Add on a paper of the .bib');
    // The citation and its new entry were one edit: one Ctrl+Z in the draft takes back both files.
    await until('the entry saved to references.bib', async () => fs.readFileSync(bibFile, 'utf8').includes(`{${added[0]},`));
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Z');
    // VS Code may ask whether to undo in both files (it does for some multi-file edits): yes.
    const both = dialog.getByRole('button', { name: /Undo in 2 Files/ });
    if (await both.isVisible().catch(() => false)) await both.click();
    await until('the citation gone from the draft', async () => !cites(await editorText(page)).has(added[0]));
    await runCommand(page, 'File: Save All');
    await until('references.bib back to its bytes', async () => fs.readFileSync(bibFile, 'utf8') === bibBefore);
    await until('the card to drop "cited here" and "in your .bib" again', async () =>
      (await cardOf().locator('.badge.cited, .badge.bib').count()) === 0 && (await cardOf().locator('[data-action="addToBibliography"]').count()) === 1);
  });

  it('renders a record with <img onerror> and <script> in its abstract as text, running nothing', async () => {
    const input = view().locator('.search-input');
    await input.click();
    await input.fill('hostile record rendering');
    const card = view().locator('.card', { hasText: 'A Hostile Record <b>for</b> Rendering Tests' });
    await card.waitFor();
    await view().locator('.header').filter({ hasText: 'Search: hostile record rendering' }).waitFor();
    await card.locator('.title').click();
    const abstract = card.locator('.abstract');
    await abstract.waitFor({ state: 'visible' });
    const text = (await abstract.textContent()) ?? '';
    assert.ok(text.includes('<img src=x onerror="window.__pwned=1">'), `img tag shown as text: ${text}`);
    assert.ok(text.includes('<script>window.__pwned=1</script>'), 'script tag shown as text');
    assert.ok(await abstract.isVisible());
    await card.locator('.title').hover();
    await page.waitForTimeout(500);
    const counts = await view().locator('body').evaluate(() => ({
      pwned: /** @type {any} */ (window).__pwned,
      img: document.querySelectorAll('img').length,
      // VS Code's own webview host may add a script of its own; none may carry the record's text.
      injected: [...document.querySelectorAll('script')].filter((el) => /pwned/.test(el.outerHTML)).length,
      anchors: document.querySelectorAll('a').length,
    }));
    assert.equal(counts.pwned, undefined, 'nothing ran in the webview');
    assert.equal(counts.img, 0, 'no <img> element was created');
    assert.equal(counts.injected, 0, 'no <script> element was created from the record');
    assert.equal(counts.anchors, 0, 'no link element was created');
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).__pwned), undefined, 'nothing ran in the workbench');
    await shot('sidebar-hostile.png');
  });


  it('Search Papers… opens with the paragraph\'s papers, then shows ranked papers as you type, with authors · year and an abstract excerpt', async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 10 } });
    await runCommand(page, 'Related Work: Search Papers', { opensQuickInput: true });
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.locator('input[placeholder^="Search by title"]').waitFor();
    // Before anything is typed: the papers for the paragraph at the cursor (speculative decoding).
    await quickInput.locator('.monaco-list-row', { hasText: 'Fast Inference from Transformers via Speculative Decoding' }).first().waitFor();
    await page.keyboard.type('streaming attention sinks');
    const row = quickInput.locator('.monaco-list-row', { hasText: 'Efficient Streaming Language Models with Attention Sinks' }).first();
    await row.waitFor();
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    log(`quick pick row: ${text.slice(0, 160)}`);
    assert.match(text, /Xiao, Tian, … Lewis · 2024/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'search-papers.png') });
    await page.keyboard.press('Escape');
    await quickInput.waitFor({ state: 'hidden' });
  });
});
