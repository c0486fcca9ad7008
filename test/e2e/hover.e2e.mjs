// UI test in a real VS Code 1.139.1 (code-server) driven by headless chromium: hovering a \cite key
// in test/fixtures/workspace/editing/hover.tex shows the paper (title, authors, venue, abstract,
// links, source line), in a light and a dark theme.
//
// Run: node scripts/test-host/setup.mjs && npm run build &&
//      npx mocha --no-config --timeout 180000 test/e2e/hover.e2e.mjs
// Artifacts: test-artifacts/hover-light.png, test-artifacts/hover-dark.png
// (on failure: test-artifacts/hover-failure.png). RW_E2E_EXTENSION_DIR: load the extension from
// another folder than the project root (a private build).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, makeRunDir } from '../harness/codeServer.mjs';
import { ARTIFACTS, openWorkbench, workbenchHooks } from './workbench.mjs';

const FIXTURE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'workspace');
const EXTENSION_DIR = process.env.RW_E2E_EXTENSION_DIR || PROJECT_ROOT;
const TITLE = 'Efficient Streaming Language Models with Attention Sinks';
const log = (l) => console.log(`      [e2e] ${l}`);

describe('Citation hover (code-server + chromium)', function () {
  this.timeout(180_000);
  /** @type {import('playwright-core').Page} */
  let page;
  let runDir;
  let settingsFile;

  const settingsFor = (theme) => ({
    'editor.hover.delay': 100,
    'workbench.colorTheme': theme,
    'workbench.startupEditor': 'none',
    'git.openRepositoryInParentFolders': 'never',
    'editor.minimap.enabled': false,
    // Keys stay on screen: long lines wrap, and no chat view takes half the window.
    'editor.wordWrap': 'on',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
  });
  const writeSettings = (theme) => fs.writeFileSync(settingsFile, JSON.stringify(settingsFor(theme), null, 2));

  /** Moves the mouse onto `key` in the editor until the hover shows `expected`; gives the hover text. */
  async function hoverKey(key, expected) {
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: expected });
    const start = Date.now();
    for (;;) {
      const box = await page.evaluate((k) => {
        const lines = document.querySelector('.editor-instance .monaco-editor .view-lines');
        if (!lines) return undefined;
        const walker = document.createTreeWalker(lines, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = n.textContent.indexOf(k);
          if (i < 0) continue;
          const r = document.createRange();
          r.setStart(n, i + 2);
          r.setEnd(n, i + k.length - 2);
          const b = r.getBoundingClientRect();
          return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
        }
        return undefined;
      }, key);
      assert.ok(box, `${key} is visible in the editor`);
      await page.mouse.move(10, 10);
      await page.mouse.move(box.x, box.y, { steps: 3 });
      try {
        await hover.first().waitFor({ state: 'visible', timeout: 3000 });
        // Let the hover finish laying out (it grows once the Markdown is rendered).
        await page.waitForTimeout(300);
        return (await hover.first().innerText()).replace(/\u00a0/g, ' ');
      } catch (err) {
        if (Date.now() - start > 60_000) throw err; // the library may still be loading: retry
        log(`no hover with "${expected}" yet, retrying`);
      }
    }
  }

  before(async function () {
    runDir = makeRunDir('rw-vscode-e2e-hover-');
    // A copy: keys typed while a palette is still opening land in the editor, and must not
    // reach the committed fixtures.
    const workspace = path.join(runDir, 'workspace');
    fs.cpSync(FIXTURE, workspace, { recursive: true });
    let userDataDir;
    ({ page, userDataDir } = await openWorkbench({ runDir, folder: workspace, log, extensionDir: EXTENSION_DIR, settings: settingsFor('Default Light Modern') }));
    settingsFile = path.join(userDataDir, 'User', 'settings.json');
  });
  workbenchHooks({ page: () => page, runDir: () => runDir, failureShot: 'hover-failure.png' });

  it('opens hover.tex and shows the hovered key’s paper (light theme)', async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } });
    await page.keyboard.press('Control+P');
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.waitFor({ state: 'visible' });
    await page.keyboard.type('editing/hover.tex');
    await quickInput.locator('.monaco-list-row', { hasText: 'hover.tex' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'hover.tex' }).waitFor();
    await page.locator('.editor-instance .view-lines').filter({ hasText: 'xiao2023sinks' }).waitFor();
    assert.ok(await page.locator('.monaco-workbench.vs').count(), 'light theme');

    const text = await hoverKey('xiao2023sinks', TITLE);
    log(`hover: ${text.replace(/\s+/g, ' ').slice(0, 200)}…`);
    assert.match(text, new RegExp(`^${TITLE}`), 'title first');
    assert.match(text, /Guangxuan Xiao, Yuandong Tian, Beidi Chen, Song Han, Mike Lewis/);
    assert.match(text, /2024 · International Conference on Learning Representations/);
    assert.match(text, /Deploying large language models in streaming applications/);
    assert.match(text, /arXiv/);
    assert.match(text, /editing\/editing\.bib:3/);
    // Markdown is shown as text, not rendered: no stray backslashes.
    assert.doesNotMatch(text, /\\/);
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: TITLE }).first();
    assert.equal(await hover.locator('strong', { hasText: TITLE }).count(), 1, 'the title is bold');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'hover-light.png') });
    log('screenshot: test-artifacts/hover-light.png');
  });

  it('escapes Markdown in titles (a title with * _ [ <)', async () => {
    const text = await hoverKey('special2024', 'Less');
    assert.match(text, /^Less \*is\* More: \[Sparse\] <Mixture>_of_Experts for #Routing/);
    assert.match(text, /Mary-Jane O'Neil/);
  });

  it('reads well in the dark theme', async () => {
    await page.mouse.move(10, 10);
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.waitFor({ state: 'visible' });
    await page.keyboard.type('Preferences: Color Theme');
    // Not "Browse Color Themes in Marketplace", which also matches.
    const row = quickInput.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^Preferences: Color Theme$/ }) });
    await row.first().click();
    // "Default Dark Modern" is labelled "Dark Modern" in the picker of 1.139.
    await quickInput.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^Dark Modern$/ }) }).first().click();
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
    await page.mouse.move(10, 10);
    const text = await hoverKey('xiao2023sinks', TITLE);
    assert.match(text, new RegExp(`^${TITLE}`));
    assert.match(text, /Guangxuan Xiao/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'hover-dark.png') });
    log('screenshot: test-artifacts/hover-dark.png');
  });
});
