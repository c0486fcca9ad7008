// UI test in a real VS Code 1.139.1 (code-server) driven by headless chromium: problems where VS
// Code shows problems. A copy of examples/ gets a broken .bib entry and an undefined citation key;
// the entry is a diagnostic in the Problems panel, the key a warning whose quick fix offers
// papers for it.
//
// Run: node scripts/test-host/setup.mjs && npm run build &&
//      npx mocha --no-config --timeout 180000 test/e2e/problems.e2e.mjs
// Artifacts: test-artifacts/problems.png, test-artifacts/quick-fix.png
// (on failure: test-artifacts/problems-failure.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, makeRunDir } from '../harness/codeServer.mjs';
import { ARTIFACTS, editorText, goToLine, openFile, openWorkbench, until, workbenchHooks } from './workbench.mjs';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const UNDEFINED = 'nobody2099missing';
const BROKEN = '\n@inproceedings{broken2020unclosed,\n  title     = {An {Unclosed Brace in the Title,\n  author    = {Doe, Jane},\n  year      = {2020},\n}\n';
const log = (l) => console.log(`      [e2e] ${l}`);

describe('Problems and quick fixes (code-server + chromium)', function () {
  this.timeout(180_000);
  /** @type {import('playwright-core').Page} */
  let page;
  let runDir;
  let line;

  const shot = async (name) => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('.monaco-workbench').screenshot({ path: path.join(ARTIFACTS, name), animations: 'disabled' });
    log(`screenshot: test-artifacts/${name}`);
  };

  before(async function () {
    runDir = makeRunDir('rw-vscode-e2e-problems-');
    const workspace = path.join(runDir, 'workspace');
    fs.cpSync(EXAMPLES, workspace, { recursive: true });
    fs.appendFileSync(path.join(workspace, 'references.bib'), BROKEN);
    const tex = fs.readFileSync(path.join(workspace, 'paper.tex'), 'utf8');
    assert.ok(tex.includes('\\citep{shazeer2019fast}'));
    fs.writeFileSync(path.join(workspace, 'paper.tex'), tex.replace('\\citep{shazeer2019fast}', `\\citep{${UNDEFINED}}`));
    line = tex.slice(0, tex.indexOf('\\citep{shazeer2019fast}')).split('\n').length;
    ({ page } = await openWorkbench({
      runDir,
      folder: workspace,
      log,
      settings: {
        'workbench.colorTheme': 'Default Light Modern',
        'workbench.startupEditor': 'none',
        'editor.minimap.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
        'git.openRepositoryInParentFolders': 'never',
      },
    }));
    await openFile(page, 'paper.tex');
  });
  workbenchHooks({ page: () => page, runDir: () => runDir, failureShot: 'problems-failure.png' });

  it('the broken .bib entry and the undefined key are in the Problems panel, each at its line', async () => {
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    await problems.waitFor();
    const rows = () => problems.locator('.monaco-list-row');
    await until('both problems listed', async () => {
      const text = (await problems.innerText()).replace(/\u00a0/g, ' ');
      return text.includes('references.bib') && text.includes(UNDEFINED);
    }, 60_000);
    const text = (await problems.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /Related Work/);
    assert.match(text, new RegExp(`\\[Ln ${line}, Col \\d+\\]`), 'the key at its line');
    log(`problems: ${(await rows().allInnerTexts()).map((t) => t.replace(/\s+/g, ' ')).join(' | ')}`);
    await shot('problems.png');
  });

  it('the quick fix on the undefined key offers papers for it', async () => {
    await goToLine(page, line);
    // The cursor onto the key: End, then back into the line's citation.
    const col = fs.readFileSync(path.join(runDir, 'workspace', 'paper.tex'), 'utf8').split('\n')[line - 1].indexOf(UNDEFINED) + 3;
    for (let i = 0; i < col; i++) await page.keyboard.press('ArrowRight');
    // Ctrl+. before the editor has asked for the code actions at the cursor shows nothing (on a
    // loaded machine): press it again, as a user would.
    const menu = page.locator('.action-widget');
    const fix = menu.getByText('Find papers for this citation');
    await until('the quick fix menu', async () => {
      await page.keyboard.press('Control+.');
      const shown = await fix.waitFor({ timeout: 3000 }).then(() => true, () => false);
      if (!shown) await page.keyboard.press('Escape');
      return shown;
    }, 30_000);
    await shot('quick-fix.png');
    await page.keyboard.press('Enter');
    const pick = page.locator('.quick-input-widget');
    await pick.locator('.monaco-list-row').first().waitFor();
    assert.match(await pick.innerText(), new RegExp(`Papers for .${UNDEFINED}.`));
    await page.keyboard.press('Escape');
    await pick.waitFor({ state: 'hidden' });
    assert.ok((await editorText(page)).includes(UNDEFINED), 'nothing replaced when nothing was picked');
  });
});
