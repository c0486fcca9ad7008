import type { PaperRecord } from '../../src/core/model';

/** A corpus record with only what a test cares about. */
export function paper(id: string, title: string, fields: Partial<PaperRecord> = {}): PaperRecord {
  return {
    id,
    title,
    authors: [],
    origin: { kind: 'corpus', file: 'test.jsonl' },
    inBibliography: false,
    ...fields,
  };
}
