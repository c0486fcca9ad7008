// Small page helpers for UI tests against the VS Code workbench (code-server in chromium):
// the palette, Quick Open, Go to Line, the editor's text and the sidebar webview's frame.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, launchBrowser, startCodeServer, stopAll, workbenchUrl } from '../harness/codeServer.mjs';

/** Where UI tests write their screenshots. */
export const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');

/** Writes the fresh user settings (before the server starts, or live: the workbench watches the file). */
export function writeUserSettings(userDataDir, settings) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * Runs a command from the palette (F1, type its title, Enter). A command that opens a quick pick
 * of its own reuses the palette's widget, so pass `opensQuickInput` to skip waiting for it to close.
 */
export async function runCommand(page, title, { opensQuickInput = false } = {}) {
  await page.keyboard.press('F1');
  const quickInput = page.locator('.quick-input-widget');
  await quickInput.waitFor({ state: 'visible' });
  await page.keyboard.type(title);
  await quickInput.locator('.monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  if (!opensQuickInput) await quickInput.waitFor({ state: 'hidden' });
}

/** Opens a workspace file with Quick Open (Ctrl+P) and waits for its tab. */
export async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const quickInput = page.locator('.quick-input-widget');
  await quickInput.waitFor({ state: 'visible' });
  await page.keyboard.type(name);
  await quickInput.locator('.monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
}

/** Puts the cursor at the start of a 1-based line (Ctrl+G). */
export async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** The text of the visible lines of the active editor (non-breaking spaces made plain). */
export async function editorText(page) {
  const text = await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** The content frame of the (only) webview view: `iframe.webview.ready`, then its `#active-frame`. */
export function webviewFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Polls `fn` until it returns a truthy value. */
export async function until(what, fn, timeoutMs = 20_000) {
  const start = Date.now();
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The common start of a UI test: the extension installed unpacked (a symlink in a fresh extensions
 * dir), fresh user settings, code-server and Chromium started, `folder` open in the workbench and
 * its explorer connected (it lists `waitForFile`). `runDir` is the caller's (makeRunDir), so the
 * caller can clean it up even when starting fails.
 */
export async function openWorkbench({ runDir, folder, settings, log, viewport, extensionDir = PROJECT_ROOT, waitForFile = 'paper.tex' }) {
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
  assert.ok(fs.existsSync(path.join(extensionDir, pkg.main)), `${pkg.main} is missing: run "npm run build" first`);
  const extensionsDir = path.join(runDir, 'extensions');
  const userDataDir = path.join(runDir, 'user-data');
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.symlinkSync(extensionDir, path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`));
  writeUserSettings(userDataDir, settings);
  const server = await startCodeServer({ runDir, userDataDir, extensionsDir, log, verbose: process.env.RW_TEST_VERBOSE === '1' });
  const { page } = await launchBrowser({ runDir, log, viewport });
  page.setDefaultTimeout(30_000);
  await page.goto(workbenchUrl(server.port, { folder }));
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: waitForFile }).waitFor();
  return { page, userDataDir };
}

/** mocha hooks for a UI suite: a screenshot of a failed test, then everything stopped and removed. */
export function workbenchHooks({ page, runDir, failureShot }) {
  afterEach(async function () {
    const p = page();
    if (p && this.currentTest?.state === 'failed') {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await p.screenshot({ path: path.join(ARTIFACTS, failureShot) }).catch(() => {});
    }
  });
  after(async function () {
    await stopAll();
    const dir = runDir();
    if (dir && process.env.RW_TEST_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  });
}
