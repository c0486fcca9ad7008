/**
 * The benchmark's drafts as the extension sees them (scripts/eval.ts --draft): each case is found
 * in the paragraph of the draft it was cut from, so that the ranking gets what `suggest` and the
 * sidebar give it there (section and draft titles, the draft's citations outside that paragraph;
 * paragraphRequest). The cases carry only ±200 characters of source, so their paragraph is found
 * by its words.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveDraft, type ResolvedDraft } from '../../src/core/draft/include';
import type { DraftFormat, ParagraphInfo, ScannedDraft } from '../../src/core/draft/types';
import { pointAt, type CitationPoint } from '../../src/core/draft/citationPoint';

export interface DraftSite {
  /** The scanned file the paragraph is in. */
  draft: ScannedDraft;
  paragraph: ParagraphInfo;
}

const normalised = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** How many words a probe has: enough that one sentence of a draft does not repeat elsewhere in it. */
const PROBE_WORDS = 6;

/**
 * The draft's root file: the shortest-named `.tex` with `\documentclass` (not under `legacy/`),
 * else its Markdown file.
 */
export function draftRoot(dir: string): string | undefined {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  const roots = files
    .filter((f) => f.endsWith('.tex') && !f.split(path.sep).includes('legacy') && /\\documentclass/.test(fs.readFileSync(f, 'utf8')))
    .sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  return roots[0] ?? files.filter((f) => f.endsWith('.md')).sort()[0];
}

export async function readDraft(dir: string): Promise<ResolvedDraft | undefined> {
  const root = draftRoot(dir);
  if (!root) return undefined;
  return resolveDraft(root, async (p) => fs.promises.readFile(p, 'utf8').catch(() => undefined));
}

/**
 * The paragraph of `draft` a case's plain text comes from: the one holding most of its probes
 * (runs of PROBE_WORDS words either side of the citation point and at both ends), undefined when
 * none holds any (the case is in a table or a figure the scanner does not take for prose).
 */
export function locate(draft: ResolvedDraft, plainText: string): DraftSite | undefined {
  const words = normalised(plainText).split(' ').filter(Boolean);
  const middle = Math.floor(words.length / 2);
  const probes = [
    words.slice(Math.max(0, middle - PROBE_WORDS - 1), middle - 1),
    words.slice(middle + 1, middle + PROBE_WORDS + 1),
    words.slice(0, PROBE_WORDS),
    words.slice(-PROBE_WORDS),
  ]
    .filter((w) => w.length === PROBE_WORDS)
    .map((w) => w.join(' '));
  let best: DraftSite | undefined;
  let bestHits = 0;
  for (const file of draft.files) {
    for (const paragraph of file.draft.paragraphs) {
      const text = normalised(paragraph.text);
      const hits = probes.filter((p) => text.includes(p)).length;
      if (hits > bestHits) {
        best = { draft: file.draft, paragraph };
        bestHits = hits;
      }
    }
  }
  return best;
}

const WINDOW = 200;

/**
 * Where the case's citation is in its paragraph, as the cursor of a writer citing there: the
 * point of the citation group holding a cited key whose ±200-character window, every citation
 * removed, is the case's text (how cases.jsonl was cut). Undefined when no group rebuilds it.
 */
export function citationPointOf(draft: ResolvedDraft, site: DraftSite, c: { text: string; format: DraftFormat; keys: ReadonlySet<string> }): CitationPoint | undefined {
  const file = draft.files.find((f) => f.draft === site.draft);
  if (!file) return undefined;
  const { paragraph } = site;
  const groups = [...new Map(paragraph.citations.map((ci) => [ci.group.start, ci.group])).values()];
  const target = normalised(c.text);
  for (const ci of paragraph.citations) {
    if (!c.keys.has(ci.key)) continue;
    const from = Math.max(paragraph.start, ci.group.start - WINDOW);
    const to = Math.min(paragraph.end, ci.group.end + WINDOW);
    let rebuilt = '';
    let at = from;
    for (const g of groups) {
      if (g.end <= from || g.start >= to) continue;
      rebuilt += file.text.slice(at, Math.max(at, g.start));
      at = Math.max(at, g.end);
    }
    rebuilt += file.text.slice(at, to);
    if (normalised(rebuilt) === target) return pointAt(file.text, c.format, paragraph, ci.group.start);
  }
  return undefined;
}
