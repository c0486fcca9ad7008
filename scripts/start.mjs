#!/usr/bin/env node
// `npm start`: try Related Work in a real VS Code (code-server 4.139.1 = VS Code 1.139.1), served on
// 127.0.0.1 and opened in any browser. `npm start` builds first (node esbuild.config.mjs), then runs this.
//
//   - installs the host once (scripts/test-host/setup.mjs; later runs are instant),
//   - installs the extension unpacked: a symlink related-work.related-work-<version> -> project root
//     in .vscode-test/start/extensions (so a rebuild + browser reload picks up new code),
//   - keeps the user-data-dir in .vscode-test/start/user-data, so UI state survives restarts,
//   - opens examples/ with examples/paper.tex shown,
//   - runs until Ctrl+C, then stops code-server's whole process group.
//
// Usage: node scripts/start.mjs [--port N]      (or PORT=N; default 8088)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import {
  PROJECT_ROOT,
  freePort,
  makeRunDir,
  remoteUri,
  startCodeServer,
  stopAll,
  stoppingForSignal,
  tail,
} from '../test/harness/codeServer.mjs';

const DEFAULT_PORT = 8088;
const root = PROJECT_ROOT;
const stateDir = path.join(root, '.vscode-test', 'start');
const userDataDir = path.join(stateDir, 'user-data');
const extensionsDir = path.join(stateDir, 'extensions');
const examples = path.join(root, 'examples');
const paper = path.join(examples, 'paper.tex');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const extensionId = `${pkg.publisher}.${pkg.name}`;

const say = (l) => console.log(`[start] ${l}`);
function die(msg) {
  console.error(`[start] ERROR: ${msg}`);
  process.exit(1);
}

// ---- arguments ---------------------------------------------------------------------------------
function parsePort() {
  const argv = process.argv.slice(2);
  let raw;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' || a === '-p') raw = argv[++i];
    else if (a.startsWith('--port=')) raw = a.slice('--port='.length);
    else if (a === '--help' || a === '-h') {
      console.log('Usage: npm start [-- --port N]   (or PORT=N npm start; default 8088)');
      process.exit(0);
    } else die(`unknown argument "${a}" (usage: npm start [-- --port N])`);
  }
  raw ??= process.env.PORT ?? String(DEFAULT_PORT);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) die(`invalid port "${raw}"`);
  return port;
}
const port = parsePort();

// ---- prerequisites -----------------------------------------------------------------------------
if (!fs.existsSync(path.join(root, pkg.main))) die(`${pkg.main} is missing: build first (npm run build), or use "npm start".`);
if (!fs.existsSync(paper)) die(`${path.relative(root, paper)} is missing.`);

const setup = spawnSync(process.execPath, [path.join(root, 'scripts', 'test-host', 'setup.mjs'), '--no-browser'], { stdio: 'inherit' });
if (setup.status !== 0) die('could not install the VS Code host (see above).');

// ---- is the port free? -------------------------------------------------------------------------
function portFree(p) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', (err) => resolve(err.code === 'EADDRINUSE' || err.code === 'EACCES' ? err.code : `error ${err.message}`));
    srv.listen(p, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
function healthz(p) {
  return new Promise((resolve) => {
    const req = http.get(`http://127.0.0.1:${p}/healthz`, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(1500, () => {
      req.destroy();
      resolve(false);
    });
  });
}
const free = await portFree(port);
if (free !== true) {
  const suggestion = await freePort().catch(() => port + 1);
  const busy = free === 'EACCES' ? `Port ${port} cannot be used (permission denied).` : `Port ${port} on 127.0.0.1 is already in use.`;
  const other = (await healthz(port)) ? ` Something that looks like code-server answers there: maybe an "npm start" is already running (http://127.0.0.1:${port}/).` : '';
  die(`${busy}${other}\n        Pick another port, e.g.:  npm start -- --port ${suggestion}   (or PORT=${suggestion} npm start)`);
}

// ---- persistent state: extensions (symlink) and user data --------------------------------------
fs.mkdirSync(extensionsDir, { recursive: true });
const linkName = `${extensionId}-${pkg.version}`;
for (const entry of fs.readdirSync(extensionsDir)) {
  // Links of other versions of this extension (after a version bump) would load it twice.
  if (entry.startsWith(`${extensionId}-`) && entry !== linkName) {
    const p = path.join(extensionsDir, entry);
    if (fs.lstatSync(p).isSymbolicLink()) fs.unlinkSync(p);
  }
}
const link = path.join(extensionsDir, linkName);
let linkOk = false;
try {
  linkOk = fs.lstatSync(link).isSymbolicLink() && fs.realpathSync(link) === fs.realpathSync(root);
  if (!linkOk) fs.rmSync(link, { recursive: true, force: true });
} catch {
  /* not there yet */
}
if (!linkOk) fs.symlinkSync(root, link);

const settingsFile = path.join(userDataDir, 'User', 'settings.json');
if (!fs.existsSync(settingsFile)) {
  // First run only: later the user owns this file (edit it from VS Code's Settings).
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(
    settingsFile,
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'git.openRepositoryInParentFolders': 'never',
        'telemetry.telemetryLevel': 'off',
        // Keep the window about the draft and the Related Work sidebar: no chat panel or AI prompts.
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
      },
      null,
      2,
    ) + '\n',
  );
  say(`first run: wrote default settings to ${path.relative(root, settingsFile)}`);
}

// ---- start -------------------------------------------------------------------------------------
// Per-run scratch (XDG dirs, IPC sockets, log) in the system temp folder: socket paths must stay short.
const runDir = makeRunDir('rw-start-');
const keptLog = path.join(stateDir, 'code-server.log');
let server;
try {
  server = await startCodeServer({
    runDir,
    userDataDir,
    extensionsDir,
    folder: examples,
    port,
    log: say,
    verbose: process.env.RW_START_VERBOSE === '1',
  });
} catch (err) {
  fs.rmSync(runDir, { recursive: true, force: true });
  die(err?.message ?? String(err));
}

// On exit (Ctrl+C goes through the harness's signal handler: stopAll(), then exit), keep the log.
process.on('exit', () => {
  try {
    fs.copyFileSync(server.logFile, keptLog);
    console.log(`[start] stopped; code-server's log: ${path.relative(root, keptLog)}`);
  } catch {
    /* best effort */
  }
  fs.rmSync(runDir, { recursive: true, force: true });
});

// ?folder= opens examples/; the payload's openFile shows paper.tex (the workbench honours it without
// the smoke-test driver). Encoded so that terminals keep the whole URL clickable.
const folderParam = examples.split(path.sep).map(encodeURIComponent).join('/');
const payload = encodeURIComponent(JSON.stringify([['openFile', remoteUri(server.port, paper)]]));
const url = `http://127.0.0.1:${server.port}/?folder=${folderParam}&payload=${payload}`;

const bar = '='.repeat(78);
console.log(`\n${bar}\n  Related Work is running in VS Code at\n\n    ${url}\n\n  open it in a browser; Ctrl+C to stop.\n${bar}`);
console.log(`  (VS Code 1.139.1 via code-server; state in ${path.relative(root, stateDir)}/; after "npm run build", reload the page to load the new code)\n`);

const code = await server.exited;
// Ctrl+C: the harness's signal handler is stopping the process group and exits when done.
if (stoppingForSignal()) await new Promise(() => {});
console.error(`[start] code-server exited unexpectedly (${code}); last log lines:\n${tail(server.logFile, 30)}`);
await stopAll();
process.exit(1);
