// UI smoke test in a real VS Code 1.139.1 (code-server) driven by headless chromium via playwright-core.
// The extension is installed unpacked: the extensions dir holds a symlink named
// related-work.related-work-<version> to the project root (code-server 4.139.1 lists and loads it;
// a .vsix from `vsce package` + `code-server --install-extension` works as well, but is slower).
// No smoke-test driver here, so the workbench behaves as it does for a person.
//
// Run: node scripts/test-host/setup.mjs && npm run build &&
//      npx mocha --no-config --timeout 180000 test/e2e/smoke.e2e.mjs
// Artifact: test-artifacts/e2e-smoke.png (on failure: test-artifacts/e2e-smoke-failure.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, makeRunDir } from '../harness/codeServer.mjs';
import { ARTIFACTS, openWorkbench, workbenchHooks } from './workbench.mjs';

const FIXTURE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'workspace');
const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
const log = (l) => console.log(`      [e2e] ${l}`);

describe('UI smoke (code-server + chromium)', function () {
  this.timeout(180_000);
  /** @type {import('playwright-core').Page} */
  let page;
  let runDir;

  before(async function () {
    runDir = makeRunDir('rw-vscode-e2e-');
    ({ page } = await openWorkbench({
      runDir,
      folder: FIXTURE,
      log,
      // (the git setting only keeps a "repository found in parent folders" toast off the screenshots)
      settings: { 'editor.hover.delay': 100, 'workbench.startupEditor': 'none', 'git.openRepositoryInParentFolders': 'never' },
    }));
  });
  workbenchHooks({ page: () => page, runDir: () => runDir, failureShot: 'e2e-smoke-failure.png' });

  it('opens paper.tex via Quick Open and shows its text', async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } }); // focus the workbench
    await page.keyboard.press('Control+P');
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.waitFor({ state: 'visible' });
    await page.keyboard.type('paper.tex');
    await quickInput.locator('.monaco-list-row', { hasText: 'paper.tex' }).first().waitFor();
    await page.keyboard.press('Enter');

    await page.locator('.tabs-container .tab.active', { hasText: 'paper.tex' }).waitFor();
    const lines = page.locator('.editor-instance .monaco-editor .view-lines');
    await lines.filter({ hasText: /Introduction/ }).waitFor();
    const text = (await lines.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /\\documentclass\{article\}/);
    assert.match(text, /\\section\{Introduction\}/);
    assert.match(text, /\\cite\{lewis2020rag\}/);

    // The built-in LaTeX support gives it the language the extension activates on.
    const mode = await page.locator('.statusbar-item[id="status.editor.mode"]').innerText();
    assert.equal(mode.trim(), 'LaTeX');

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const shot = path.join(ARTIFACTS, 'e2e-smoke.png');
    await page.screenshot({ path: shot });
    log(`screenshot: ${path.relative(PROJECT_ROOT, shot)}`);
  });

  it('shows the extension among the running (activated) extensions', async () => {
    // paper.tex is open, so onLanguage:latex must have activated the extension in the real extension host.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    await page.keyboard.type('Developer: Show Running Extensions');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor();
    await page.keyboard.press('Enter');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: pkg.displayName });
    await row.first().waitFor();
    const text = (await row.first().innerText()).replace(/\s+/g, ' ');
    log(`running extensions row: ${text}`);
    assert.match(text, /activation/i, 'the row reports an activation time');
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-running-extensions.png') });
  });
});
