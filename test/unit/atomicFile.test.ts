import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileSystemReason, withFileLock, writeFileAtomic } from '../../src/core/atomicFile';
import { runCli } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const tmpFiles = (dir: string): string[] => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmp'));

const run = runCli;

describe('files written for the cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-atomic-'));
  });
  afterEach(() => {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('writeFileAtomic', () => {
    it('replaces the file whole', async () => {
      const file = path.join(dir, 'sub', 'a.json');
      await writeFileAtomic(file, 'one');
      await writeFileAtomic(file, async (h) => void (await h.writeFile('two')));
      assert.equal(fs.readFileSync(file, 'utf8'), 'two');
      assert.deepEqual(tmpFiles(dir), []);
    });
    it('leaves no .tmp file when the rename fails (a directory is in the way)', async () => {
      const file = path.join(dir, 'taken');
      fs.mkdirSync(path.join(file, 'inside'), { recursive: true });
      await assert.rejects(writeFileAtomic(file, 'data'), (err) => fileSystemReason(err) !== undefined);
      assert.deepEqual(tmpFiles(dir), []);
    });
    it('leaves no .tmp file when the writer fails halfway', async () => {
      const file = path.join(dir, 'half.bin');
      await assert.rejects(
        writeFileAtomic(file, async (h) => {
          await h.writeFile('first half');
          throw new Error('the data ran out');
        }),
        /ran out/,
      );
      assert.deepEqual(fs.readdirSync(dir), []);
    });
  });

  describe('withFileLock', () => {
    it('runs updates of one file one at a time', async () => {
      const file = path.join(dir, 'counter');
      fs.writeFileSync(file, '0');
      await Promise.all(
        Array.from({ length: 8 }, () =>
          withFileLock(file, async () => {
            const n = Number(fs.readFileSync(file, 'utf8'));
            await new Promise((r) => setTimeout(r, 5));
            await writeFileAtomic(file, String(n + 1));
          }),
        ),
      );
      assert.equal(fs.readFileSync(file, 'utf8'), '8');
      assert.equal(fs.existsSync(`${file}.lock`), false, 'the lock is released');
    });
  });

  describe('an unwritable cache dir (defect 3)', () => {
    const args = (cacheDir: string) => ['search', 'attention sinks', '--top', '3', '--cache-dir', cacheDir];

    it('a regular file as --cache-dir: one warning, the search still answers, exit 0', async () => {
      const file = path.join(dir, 'not-a-dir');
      fs.writeFileSync(file, 'x');
      const r = await run(args(file));
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^ {2}1\. /);
      assert.equal(r.err, `related-work: warning: cannot write the index cache at ${file}: a file is in the way of the directory; continuing without it`);
      assert.equal(fs.readFileSync(file, 'utf8'), 'x');
    });

    it('a directory no one can write into (sysfs, even for root): one warning, results, exit 0', async () => {
      const r = await run(args('/sys/kernel/related-work-cache'));
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^ {2}1\. /);
      assert.match(r.err, /^related-work: warning: cannot write the index cache at \/sys\/kernel\/related-work-cache: (permission denied|read-only file system); continuing without it$/);
    });

    it('a read-only directory (mode 555; as root, the CLI runs as "nobody" to meet the bits): one warning, results, exit 0, nothing left', async function () {
      this.timeout(60_000);
      const readOnly = path.join(dir, 'ro');
      fs.mkdirSync(readOnly);
      fs.chmodSync(readOnly, 0o555);
      const cli = ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), ...args(readOnly)];
      const env = { ...process.env, HOME: dir };
      let asUser = {};
      if (process.getuid?.() === 0) {
        asUser = { uid: 65534, gid: 65534 };
        // The checkout must be readable by that user (it is not under a private home directory).
        const readable = await promisify(execFile)(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(path.join(ROOT, 'src/cli.ts'))})`], { ...asUser, env }).then(
          () => true,
          () => false,
        );
        if (!readable) this.skip();
      }
      const { stdout, stderr } = await promisify(execFile)(process.execPath, cli, { cwd: ROOT, env, ...asUser });
      assert.match(stdout, /^ {2}1\. /);
      assert.equal(stderr.trim(), `related-work: warning: cannot write the index cache at ${readOnly}: permission denied; continuing without it`);
      assert.deepEqual(fs.readdirSync(readOnly), []);
    });

    it('index, whose job is the cache, says it was not cached and exits 1', async () => {
      const file = path.join(dir, 'not-a-dir');
      fs.writeFileSync(file, 'x');
      const r = await run(['index', '--cache-dir', file]);
      assert.equal(r.code, 1);
      assert.match(r.out, /^Indexed [\d,]+ papers in [\d.]+ s; not cached$/);
      assert.match(r.err, /cannot write the index cache/);
    });
  });
});
