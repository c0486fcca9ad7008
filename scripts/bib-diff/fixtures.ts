/** The committed differential set: where it is, what the reference read, what differs and why. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DifferenceKind, ReferenceReading } from './compare';

export const FIXTURES = path.resolve(__dirname, '../../test/fixtures/bib-diff');

export interface Expected {
  /** The reference readers and their versions. */
  reference: string;
  /** By file name in FIXTURES. */
  files: Record<string, ReferenceReading>;
}

export const loadExpected = (): Expected => JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Expected;

/**
 * Differences where the reference is wrong and we follow BibTeX, each with its reason
 * (known-differences.json; the README lists them too), by `file key kind`.
 */
export function knownDifferences(): Map<string, string> {
  const list = JSON.parse(readFileSync(path.join(FIXTURES, 'known-differences.json'), 'utf8')) as Array<{ file: string; key: string; kind: DifferenceKind; why: string }>;
  return new Map(list.map((d) => [`${d.file} ${d.key} ${d.kind}`, d.why]));
}
