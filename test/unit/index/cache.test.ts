import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCache, writeCache } from '../../../src/core/index/cache';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import { paper } from '../helpers';

describe('index cache file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rw-cache-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  // More records than one frame holds, in two sources, one of them with errors.
  const big = Array.from({ length: 20_000 }, (_, i) => paper(`c${i}`, `Paper number ${i} on attention`, { year: 2000 + (i % 20) }));
  const small = [paper('bib1', 'Attention sinks', { inBibliography: true })];
  const data = () => ({
    key: 'k1',
    sources: [
      { file: 'a.jsonl', result: { records: big, errors: [{ file: 'a.jsonl', line: 3, message: 'bad' }] } },
      { file: 'b.bib', result: { records: small, errors: [] } },
    ],
    index: PaperIndex.build([...small, ...big.slice(0, 50)]).toJSON(),
    duplicateRoots: Int32Array.from({ length: big.length + small.length }, (_, i) => (i === 7 ? 3 : i)),
  });

  it('reads back what was written: every source, its records in order, the index and the duplicate groups', async () => {
    const written = data();
    await writeCache(dir, written);
    const read = await readCache(dir, 'k1');
    assert.ok(read);
    assert.deepEqual(read.sources, written.sources);
    // The records' frames are read into one reused buffer after the header: the index's arrays,
    // which view the header's, must come through them unchanged.
    assert.deepEqual(read.index, written.index);
    assert.deepEqual(read.duplicateRoots, written.duplicateRoots);
  });
  it('gives undefined for another key, a truncated file or a file of another format', async () => {
    const file = await writeCache(dir, data());
    assert.equal(await readCache(dir, 'k2'), undefined);
    const bytes = await fs.readFile(file);
    await fs.writeFile(file, bytes.subarray(0, bytes.length - 100));
    assert.equal(await readCache(dir, 'k1'), undefined);
    await fs.writeFile(file, 'not a cache');
    assert.equal(await readCache(dir, 'k1'), undefined);
  });
});
