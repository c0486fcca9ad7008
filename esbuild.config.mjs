// One build script for every bundle: the extension host code, the CLI, the corpus worker and the
// sidebar script. `--watch` rebuilds on change, `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

const node = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // `vscode` is provided by the extension host at run time. `tsx/cjs` is only resolved when the
  // engine runs from source (analysisPool.ts); a bundle has its worker beside it.
  external: ['vscode', 'tsx/cjs'],
};

const builds = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' },
  { ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];
// The second thread of large index builds, beside the bundles that start it (cli.js, corpusWorker.js).
builds.push({ ...node, entryPoints: ['src/core/index/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' });
if (fs.existsSync('src/extension/worker/corpusWorker.ts')) {
  builds.push({ ...node, entryPoints: ['src/extension/worker/corpusWorker.ts'], outfile: 'dist/corpusWorker.js' });
}
if (fs.existsSync('src/webview/main.ts')) {
  builds.push({
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    tsconfig: 'src/webview/tsconfig.json',
  });
}

// The sidebar uses VS Code's icon font; ship its two files beside the webview bundle.
function copyCodicons() {
  fs.mkdirSync('dist/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) {
    fs.copyFileSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/codicons/${f}`);
  }
}
copyCodicons();

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  fs.chmodSync('dist/cli.js', 0o755);
}
