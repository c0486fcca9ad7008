// Runs inside a real VS Code extension host (see test/integration/runTest.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './util';


suite('Activation', () => {
  test('the fixture workspace is open', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'one workspace folder');
    assert.match(folders[0]!.uri.path, /\/test\/fixtures\/workspace$/);
  });

  test('activates when a LaTeX document is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
    const folder = vscode.workspace.workspaceFolders![0]!;
    let doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'paper.tex'));
    await vscode.window.showTextDocument(doc);
    if (doc.languageId !== 'latex') {
      doc = await vscode.languages.setTextDocumentLanguage(doc, 'latex');
    }
    assert.equal(doc.languageId, 'latex');
    // Wait for onLanguage:latex to activate it; never call ext.activate(), that would hide a broken activation event.
    await waitFor(`${EXTENSION_ID} to activate`, () => ext.isActive);
    assert.equal(ext.isActive, true);
  });

  test('activate() returns the services, and registers the library commands', async () => {
    const ext = vscode.extensions.getExtension<{ library?: { whenReady(): Promise<void> }; drafts?: unknown }>(EXTENSION_ID);
    assert.ok(ext?.isActive);
    assert.ok(ext.exports.library && ext.exports.drafts, 'exports { library, drafts }');
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['relatedWork.rebuildIndex', 'relatedWork.showOutput']) assert.ok(commands.includes(id), `${id} is registered`);
  });

  test('the manifest is the one under test', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const pkg = ext.packageJSON as { name: string; publisher: string; main: string; activationEvents: string[] };
    assert.equal(pkg.name, 'related-work');
    assert.equal(pkg.publisher, 'related-work');
    assert.equal(pkg.main, './dist/extension.js');
    assert.ok(pkg.activationEvents.includes('onLanguage:latex'));
  });

  test('the walkthrough links only to registered commands, and its pages exist', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const pkg = ext.packageJSON as { contributes: { walkthroughs: { steps: { description: string; media: { markdown: string } }[] }[] } };
    const steps = pkg.contributes.walkthroughs.flatMap((w) => w.steps);
    assert.ok(steps.length >= 3);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const step of steps) {
      const links = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
      assert.ok(links.length > 0, step.description);
      for (const command of links) assert.ok(registered.has(command), `${command} is registered`);
      assert.ok(fs.existsSync(path.join(ext.extensionPath, step.media.markdown)), step.media.markdown);
    }
  });
});
