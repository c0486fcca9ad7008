/**
 * The comparison behind the .bib differential test: what `related-work export` read from a file
 * against what a reference reader (pybtex 0.24 for values, pybtex and bibtexparser 1.1 for which
 * entries exist) read from it. Shared by `scripts/bib-diff.ts` (live, against the installed
 * reference) and the unit test (against the committed expectations), so both judge alike.
 */
import { exportRecords } from '../../src/cli/export';

/** What reference.py prints for one file. */
export interface ReferenceReading {
  file: string;
  encoding: string;
  pybtex: Record<string, { title: string; family: string }>;
  bibtexparser: string[];
  errors: string[];
}

/** What we read from one file: first-author family and title per key, and our stderr. */
export interface OurReading {
  items: Map<string, { title: string; family: string }>;
  stderr: string;
}

export type DifferenceKind = 'lost' | 'title' | 'family' | 'reference';

export interface Difference {
  kind: DifferenceKind;
  key: string;
  ours?: string;
  reference?: string;
  /** For kind 'reference': why the reference's value is not the one a reader sees. */
  why?: string;
}

export interface FileComparison {
  /** Entries either reference keeps. */
  entries: number;
  /** Entries a reference keeps that we do not, and no located error of ours names. */
  lost: number;
  /** Entries a reference keeps that we do not, each named by one of our located errors. */
  explained: number;
  differences: Difference[];
}

/**
 * Braces gone, white space (no-break included) collapsed, soft hyphens (`\-`, a hyphenation
 * hint the reference keeps as U+00AD) dropped, NFC: what the comparison ignores.
 */
export const norm = (s: string | undefined): string =>
  (s ?? '').normalize('NFC').replace(/[{}\u00ad]/g, '').replace(/\s+/g, ' ').trim();

/**
 * Why a value differs, when the reference is the one that is off: it kept a LaTeX command it
 * does not know (pybtex's LaTeX reader leaves \TeX, \textsc, \, and accents on capitals),
 * its maths as source, or a byte it could not decode.
 */
export function referenceLimit(reference: string): string | undefined {
  if (/\\\S/.test(reference)) return 'the reference keeps a LaTeX command';
  if (reference.includes('\ufffd')) return 'the reference misread the encoding';
  if (/[$^_]/.test(reference)) return 'the reference keeps maths as source';
  return undefined;
}

/** Reads a file as `related-work export --format csl-json` does, in this process. */
export async function readOurs(file: string): Promise<OurReading> {
  const out: string[] = [];
  const err: string[] = [];
  await exportRecords([file, '--format', 'csl-json'], { out: (t) => out.push(t), err: (t) => err.push(t) });
  const csl = JSON.parse(out.join('\n')) as Array<{ id: string; title?: string; author?: Array<{ family?: string; literal?: string }> }>;
  const items = new Map<string, { title: string; family: string }>();
  for (const item of csl) {
    const first = item.author?.[0];
    items.set(item.id, { title: item.title ?? '', family: first ? (first.family ?? first.literal ?? '') : '' });
  }
  return { items, stderr: err.join('\n') };
}

export function compareFile(ours: OurReading, ref: ReferenceReading): FileComparison {
  const refKeys = new Set([...Object.keys(ref.pybtex), ...ref.bibtexparser]);
  const ourKeysLower = new Set([...ours.items.keys()].map((k) => k.toLowerCase()));
  const differences: Difference[] = [];
  let lost = 0;
  let explained = 0;
  for (const key of refKeys) {
    // BibTeX keys are case-insensitive: a reference keeping both spellings of one key is not a loss.
    if (ours.items.has(key) || ourKeysLower.has(key.toLowerCase())) continue;
    // pybtex names an entry that has no key `unnamed-N` (with no fields); we report it at its line.
    const keyless = /^unnamed-\d+$/.test(key) && /entry without a key/.test(ours.stderr);
    if (keyless || ours.stderr.includes(`"${key}"`)) explained++;
    else {
      lost++;
      differences.push({ kind: 'lost', key });
    }
  }
  for (const [key, r] of Object.entries(ref.pybtex)) {
    const item = ours.items.get(key);
    if (!item) continue;
    for (const [kind, ourValue, refValue] of [['title', item.title, r.title], ['family', item.family, r.family]] as const) {
      if (norm(ourValue) === norm(refValue)) continue;
      const why = referenceLimit(refValue);
      differences.push({ kind: why ? 'reference' : kind, key, ours: norm(ourValue), reference: norm(refValue), why });
    }
  }
  return { entries: refKeys.size, lost, explained, differences };
}
