#!/usr/bin/env node
// `npm run package`: builds the production bundles and packs related-work-<version>.vsix, offline.
//
//   1. node esbuild.config.mjs --production   (minified, no source maps; esbuild bundles every
//      dependency, so vsce runs with --no-dependencies and never calls npm)
//   2. vsce package --no-dependencies [...]    (.vscodeignore decides what ships)
//   3. checks the .vsix: only the bundles, the default corpus, media, the manifest, README,
//      LICENSE, CHANGELOG; never sources, tests, node_modules, source maps or examples.
//
// Install the result with:  code --install-extension related-work-<version>.vsix
// Usage: node scripts/package.mjs [--out file.vsix]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const require = createRequire(import.meta.url);

const say = (l) => console.log(`[package] ${l}`);
function die(msg) {
  console.error(`[package] ERROR: ${msg}`);
  process.exit(1);
}
function run(cmd, args) {
  say(`$ ${[cmd === process.execPath ? 'node' : cmd, ...args].map((a) => path.relative(root, a) || a).join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error) die(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) die(`${path.basename(args[0] ?? cmd)} failed (exit ${r.status ?? r.signal})`);
}

const outIdx = process.argv.indexOf('--out');
const out = path.resolve(root, outIdx > 0 ? process.argv[outIdx + 1] : `${pkg.name}-${pkg.version}.vsix`);

// 1. production build
run(process.execPath, [path.join(root, 'esbuild.config.mjs'), '--production']);

// 2. vsce
let vsceDir;
try {
  vsceDir = path.dirname(require.resolve('@vscode/vsce/package.json'));
} catch {
  die('@vscode/vsce is not installed (it is a devDependency: npm install)');
}
const args = [path.join(vsceDir, 'vsce'), 'package', '--no-dependencies', '--out', out];
if (!pkg.repository) {
  // No repository to point README links at: keep them relative (VS Code resolves them inside the
  // installed extension) instead of failing.
  args.push('--allow-missing-repository', '--no-rewrite-relative-links');
}
const license = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].find((f) => fs.existsSync(path.join(root, f)));
if (!license) {
  console.warn(`[package] WARNING: no LICENSE file; package.json says "${pkg.license}". Packaging without one.`);
  args.push('--skip-license');
}
fs.rmSync(out, { force: true });
run(process.execPath, args);
if (!fs.existsSync(out)) die(`vsce did not write ${out}`);

// 3. check the contents
const yauzl = createRequire(path.join(vsceDir, 'package.json'))('yauzl');
const entries = await new Promise((resolve, reject) => {
  yauzl.open(out, { lazyEntries: true }, (err, zip) => {
    if (err) return reject(err);
    const list = [];
    zip.on('entry', (e) => {
      list.push({ name: e.fileName, size: e.uncompressedSize });
      zip.readEntry();
    });
    zip.on('end', () => resolve(list));
    zip.on('error', reject);
    zip.readEntry();
  });
});
const allowed = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/LICENSE(\.md|\.txt)?$/i,
  /^extension\/dist\/(extension|corpusWorker|analysisWorker|webview)\.js$/,
  /^extension\/dist\/codicons\/codicon\.(css|ttf)$/,
  /^extension\/data\/default-corpus\.jsonl$/,
  /^extension\/media\/.+/,
];
const unexpected = entries.filter((e) => !e.name.endsWith('/') && !allowed.some((re) => re.test(e.name)));
const missing = ['extension/package.json', `extension/${pkg.main.replace(/^\.\//, '')}`, 'extension/dist/corpusWorker.js', 'extension/dist/analysisWorker.js', 'extension/dist/webview.js', 'extension/data/default-corpus.jsonl'].filter(
  (n) => !entries.some((e) => e.name === n),
);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const e of entries) console.log(`  ${e.name.padEnd(52)} ${kb(e.size).padStart(10)}`);
if (unexpected.length) die(`unexpected files in the .vsix (fix .vscodeignore):\n  ${unexpected.map((e) => e.name).join('\n  ')}`);
if (missing.length) die(`missing from the .vsix:\n  ${missing.join('\n  ')}`);
say(`${path.relative(root, out)}: ${kb(fs.statSync(out).size)}, ${entries.length} files; install with: code --install-extension ${path.relative(root, out)}`);
