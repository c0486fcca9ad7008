// Entry point of the extension-host tests: the standard @vscode/test-electron runTests(), with the
// project's launcher (scripts/test-host/code) playing the VS Code executable, so the suite runs in a
// real VS Code 1.139.1 (code-server) instead of a downloaded desktop build (no download possible here).
// Built to out/integration/runTest.js by scripts/test-host/build-tests.mjs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';

async function main(): Promise<void> {
  // out/integration/runTest.js -> project root
  const root = path.resolve(__dirname, '..', '..');
  const extensionDevelopmentPath = root;
  const extensionTestsPath = path.join(root, 'out', 'integration', 'suite', 'index.js');
  const workspace = path.join(root, 'test', 'fixtures', 'workspace');
  const main = path.join(root, 'dist', 'extension.js');
  if (!fs.existsSync(main)) {
    throw new Error(`${main} is missing: run "npm run build" first`);
  }
  await runTests({
    vscodeExecutablePath: path.join(root, 'scripts', 'test-host', 'code'),
    extensionDevelopmentPath,
    extensionTestsPath,
    launchArgs: [workspace],
  });
}

main().catch((err: unknown) => {
  if (err instanceof TestRunFailedError) {
    console.error(`Integration tests failed (${err.message}).`);
  } else {
    console.error('Failed to run the integration tests:', err);
  }
  process.exit(1);
});
