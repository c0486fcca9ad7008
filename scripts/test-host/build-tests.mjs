#!/usr/bin/env node
// Bundles the extension-host test suite and its runTest entry from TypeScript to CommonJS in
// out/integration/ (git-ignored). `vscode` is provided by the extension host; mocha and
// @vscode/test-electron stay external and resolve from the project's node_modules.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = path.join(root, 'out', 'integration');
const suiteDir = path.join(root, 'test', 'integration', 'suite');

fs.rmSync(outdir, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  packages: 'external',
  external: ['vscode'],
  logLevel: 'warning',
};
const suiteEntries = fs
  .readdirSync(suiteDir)
  .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
  .map((f) => path.join(suiteDir, f));
await Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(root, 'test', 'integration', 'runTest.ts')], outfile: path.join(outdir, 'runTest.js') }),
  esbuild.build({ ...common, entryPoints: suiteEntries, outdir: path.join(outdir, 'suite') }),
]);
console.log(`[build-tests] ${suiteEntries.length + 1} files -> ${path.relative(root, outdir)}/`);
