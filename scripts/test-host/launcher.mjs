#!/usr/bin/env node
// Plays the VS Code executable for @vscode/test-electron's runTests({ vscodeExecutablePath, ... }):
// takes the same command line that runTests gives a desktop VS Code, runs the extension tests in a
// real VS Code 1.139.1 (code-server's Node extension host, workbench in headless chromium) and exits
// with the suite's exit code. Called through the wrapper scripts/test-host/code.
//
// Understood: --extensionDevelopmentPath=P (repeatable), --extensionTestsPath=P, --extensions-dir=D,
// --user-data-dir=D (accepted but not used: every run gets a fresh user-data-dir in its temp folder,
// since restored state leaks between runs), and one folder / .code-workspace / file argument.
// Other desktop flags (--no-sandbox, --disable-updates, ...) are ignored.
// Env: RW_TEST_TIMEOUT_MS (global timeout, default 600000), RW_TEST_VERBOSE=1 (echo the server log),
//      RW_TEST_KEEP=1 (keep the temp run folder).
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import {
  addCleanup,
  launchBrowser,
  makeRunDir,
  remoteUri,
  startCodeServer,
  stopAll,
  stoppingForSignal,
  tail,
  workbenchUrl,
} from '../../test/harness/codeServer.mjs';

const t0 = Date.now();
const log = (l) => console.log(`[test-host] ${l}`);
const timeoutMs = Number(process.env.RW_TEST_TIMEOUT_MS || 600_000);
const verbose = process.env.RW_TEST_VERBOSE === '1';

// ---- command line ---------------------------------------------------------------------------
const devPaths = [];
let testsPath;
let extensionsDir;
let userDataDir;
const positional = [];
const ignored = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  if (!m) {
    positional.push(a);
    continue;
  }
  const [, name, inline] = m;
  const value = () => inline ?? argv[++i];
  if (name === 'extensionDevelopmentPath') devPaths.push(path.resolve(value()));
  else if (name === 'extensionTestsPath') testsPath = path.resolve(value());
  else if (name === 'extensions-dir') extensionsDir = path.resolve(value());
  else if (name === 'user-data-dir') userDataDir = path.resolve(value());
  else ignored.push(a);
}
if (ignored.length) log(`ignoring desktop-only arguments: ${ignored.join(' ')}`);
if (userDataDir) log(`not using --user-data-dir=${userDataDir}: each run gets a fresh one`);
if (!devPaths.length) fail('missing --extensionDevelopmentPath=');
if (!testsPath) fail('missing --extensionTestsPath=');
// Like the desktop, accept the suite path without ".js".
if (!fs.existsSync(testsPath) && fs.existsSync(`${testsPath}.js`)) testsPath = `${testsPath}.js`;
if (!fs.existsSync(testsPath)) fail(`extensionTestsPath ${testsPath} does not exist (were the tests built?)`);
if (positional.length > 1) fail(`expected at most one folder/file argument, got: ${positional.join(' ')}`);

let folder;
let workspace;
if (positional[0]) {
  const target = path.resolve(positional[0]);
  if (!fs.existsSync(target)) fail(`${target} does not exist`);
  if (fs.statSync(target).isDirectory()) folder = target;
  else if (target.endsWith('.code-workspace')) workspace = target;
  else {
    folder = path.dirname(target);
    log(`${target} is a file: opening its folder ${folder}`);
  }
}

function fail(msg) {
  console.error(`[test-host] ERROR: ${msg}`);
  process.exit(2);
}

// ---- run ------------------------------------------------------------------------------------
// Workbench chatter that says nothing about the suite on an offline machine (shown with RW_TEST_VERBOSE=1).
const NOISE = [
  /^\[AgentHost\] No signed-in session/,
  /^\[ChatModelSelection\]/,
  /^getaddrinfo ENOTFOUND /,
  /^Timed out waiting for authentication provider 'github'/,
];
let suppressed = 0;
const runDir = makeRunDir('rw-vscode-test-');
let serverLog;
let keepRunDir = process.env.RW_TEST_KEEP === '1';
// Registered first, so it runs last (after the server and the browser stopped), also on a signal.
addCleanup(async () => {
  if (keepRunDir) log(`run folder kept: ${runDir}`);
  else fs.rmSync(runDir, { recursive: true, force: true });
});

async function main() {
  // VS Code for the web saves after a delay by default; desktop VS Code, whose behaviour the
  // suites check (unsaved .bib edits, undo, "nothing written to disk"), does not.
  const userSettings = path.join(runDir, 'user-data', 'User', 'settings.json');
  fs.mkdirSync(path.dirname(userSettings), { recursive: true });
  fs.writeFileSync(userSettings, JSON.stringify({ 'files.autoSave': 'off' }, null, 2));
  const server = await startCodeServer({
    runDir,
    // Fresh per run, whatever runTests passed (restored state would leak between runs).
    userDataDir: path.join(runDir, 'user-data'),
    extensionsDir: extensionsDir ?? path.join(runDir, 'extensions'),
    smokeTestDriver: true,
    verbose,
    log,
  });
  serverLog = server.logFile;
  log(`code-server healthy after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const { page } = await launchBrowser({ runDir, log });
  let settle;
  const result = new Promise((resolve) => (settle = resolve));
  // Both must exist before the workbench loads: it looks for them at start-up.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // The extension host's console calls arrive with their raw arguments (mocha uses "%s"/"%d" formats).
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (!verbose && NOISE.some((re) => re.test(text))) {
      suppressed++;
      return;
    }
    (type === 'error' ? process.stderr : process.stdout).write(text.endsWith('\n') ? text : `${text}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    settle({ code: typeof code === 'number' ? code : 1, why: `suite finished with exit code ${code}` });
  });
  page.on('crash', () => settle({ code: 1, why: 'the workbench page crashed' }));
  page.on('pageerror', (err) => verbose && log(`page error: ${err.message}`));
  server.exited.then((c) => settle({ code: 1, why: `code-server exited unexpectedly (${c})` }));

  const payload = [
    ...devPaths.map((p) => ['extensionDevelopmentPath', remoteUri(server.port, p)]),
    ['extensionTestsPath', remoteUri(server.port, testsPath)],
  ];
  const url = workbenchUrl(server.port, {
    folder: folder && remoteUri(server.port, folder).replace(/^vscode-remote:\/\/[^/]+/, ''),
    workspace: workspace && remoteUri(server.port, workspace).replace(/^vscode-remote:\/\/[^/]+/, ''),
    payload,
  });
  log(`opening ${url}`);
  await page.goto(url);
  return result;
}

let exitCode = 1;
const timer = setTimeout(() => {
  console.error(`[test-host] ERROR: global timeout of ${timeoutMs} ms reached (RW_TEST_TIMEOUT_MS); stopping`);
  finish({ code: 1, why: 'timeout' });
}, timeoutMs);

let finishing = false;
async function finish({ code, why }) {
  if (finishing || stoppingForSignal()) return; // a signal handler is already stopping everything
  finishing = true;
  clearTimeout(timer);
  exitCode = code;
  log(`${why}; stopping (${((Date.now() - t0) / 1000).toFixed(1)} s since start${suppressed ? `, ${suppressed} noise lines hidden` : ''})`);
  if (code !== 0 && process.env.CI !== 'true') keepRunDir = true; // for a look at the logs
  if (code !== 0 && serverLog && !verbose) {
    console.error(`[test-host] last lines of the code-server log (${serverLog}):\n${tail(serverLog, 25)}`);
  }
  await stopAll(); // browser, code-server, then the run folder
  process.exit(exitCode);
}

main().then(finish, (err) => {
  if (stoppingForSignal()) return; // page.goto and the like fail while a signal stops everything
  console.error(`[test-host] ERROR: ${err?.stack ?? err}`);
  finish({ code: 1, why: 'the harness failed' });
});
