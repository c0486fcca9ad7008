import { main } from '../../src/cli/main';
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

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
