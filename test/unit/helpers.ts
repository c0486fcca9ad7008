import { main } from '../../src/cli/main';
import type { PaperRecord } from '../../src/core/model';
import type { CandidateFeatures } from '../../src/core/rank/candidates';

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

/** A candidate's evidence: none of it but what is given (a length factor of 1: no charge). */
export function candidateFeatures(f: Partial<CandidateFeatures> = {}): CandidateFeatures {
  return { bestField: 0, lengthFactor: 1, firstStage: 0, titleName: 0, introducedName: 0, citing: 0, titleCoverage: 0, authorAffinity: 0, hasAbstract: false, nearPoint: 0, ...f };
}
