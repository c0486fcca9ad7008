import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadSourceFile } from '../../../src/core/sources/load';
import { DISK_READER, NO_FILES, OverlayReader } from '../../../src/core/sources/reader';

describe('OverlayReader', () => {
  it('reads a .bib that exists only in memory, with the lines of its text', async () => {
    const reader = new OverlayReader(NO_FILES);
    reader.set('/mem/refs.bib', '% notes\n@article{a2020, title={Only In Memory}, year={2020}}\n@article{b, title=}\n');
    const { records, errors } = await loadSourceFile('/mem/refs.bib', { reader });
    assert.deepEqual(records.map((r) => [r.key, r.title, r.origin.line]), [['a2020', 'Only In Memory', 2]]);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].line, 3);
  });

  it('reads a JSON Lines corpus from memory through its stream', async () => {
    const reader = new OverlayReader(NO_FILES);
    reader.set('/mem/c.jsonl', '{"id":"x","title":"First"}\n{"id":"y","title":"Second"}\n');
    const { records } = await loadSourceFile('/mem/c.jsonl', { reader, kind: 'corpus' });
    assert.deepEqual(records.map((r) => r.id), ['x', 'y']);
  });

  it('reports a file it does not hold as missing, as the disk does', async () => {
    const reader = new OverlayReader(NO_FILES);
    assert.deepEqual(await loadSourceFile('/mem/none.bib', { reader }), {
      records: [],
      errors: [{ file: '/mem/none.bib', message: 'cannot read file: no such file' }],
    });
    assert.equal((await loadSourceFile('/mem/none.jsonl', { reader })).errors[0].message, 'cannot read file: no such file');
    assert.equal(await reader.fingerprint('/mem/none.bib'), 'missing');
  });

  describe('over the disk', () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-reader-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('an overlaid text wins over the file; removing it reads the file again', async () => {
      const file = path.join(dir, 'refs.bib');
      fs.writeFileSync(file, '@misc{ondisk, title={On Disk}}\n');
      const reader = new OverlayReader();
      assert.equal(reader.set(file, '@misc{typed, title={Typed Not Saved}}\n'), true);
      assert.equal(reader.set(file, '@misc{typed, title={Typed Not Saved}}\n'), false, 'the same text again changes nothing');
      assert.deepEqual((await loadSourceFile(file, { reader })).records.map((r) => r.key), ['typed']);
      assert.equal(reader.set(file, undefined), true);
      assert.deepEqual((await loadSourceFile(file, { reader })).records.map((r) => r.key), ['ondisk']);
    });

    it('fingerprints an overlaid text as the disk fingerprints the same bytes, so a save is no change', async () => {
      const file = path.join(dir, 'refs.bib');
      const text = '@misc{k, title={Café Über}}\n';
      fs.writeFileSync(file, '@misc{old, title={Old}}\n');
      const reader = new OverlayReader();
      reader.set(file, text);
      const overlaid = await reader.fingerprint(file);
      assert.notEqual(overlaid, await DISK_READER.fingerprint(file));
      fs.writeFileSync(file, text);
      assert.equal(overlaid, await DISK_READER.fingerprint(file));
    });

    it('passes gzip corpora on disk through untouched', async () => {
      const file = path.join(dir, 'c.jsonl.gz');
      fs.writeFileSync(file, zlib.gzipSync('{"id":"z","title":"Zipped"}\n'));
      const { records } = await loadSourceFile(file, { reader: new OverlayReader() });
      assert.deepEqual(records.map((r) => r.id), ['z']);
    });
  });
});

describe('DISK_READER.fingerprint', () => {
  it('hashes a file larger than its read buffer as a whole, and calls a missing file or a folder missing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-fingerprint-'));
    try {
      // 2.5 MB: two whole reads of the 1 MB buffer and a part.
      const bytes = Buffer.alloc(2.5 * (1 << 20), 'abcdefghij');
      const file = path.join(dir, 'corpus.jsonl');
      fs.writeFileSync(file, bytes);
      const expected = createHash('sha256').update(bytes).digest('hex');
      assert.equal(await DISK_READER.fingerprint(file), expected);
      assert.equal(await DISK_READER.fingerprint(path.join(dir, 'none.jsonl')), 'missing');
      assert.equal(await DISK_READER.fingerprint(dir), 'missing');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
