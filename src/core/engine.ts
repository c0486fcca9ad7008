/**
 * The engine's one entry point, shaped like a draft: callers give the draft's text and where the
 * writer is (an offset, a selection, the whole draft) and the engine finds the paragraph, its
 * section, the draft's title and what it cites. The CLI calls it directly; the extension's worker
 * hosts it as it is, and the worker protocol is derived from `EngineApi`, so a new field is added
 * here and nowhere else.
 */
import { heldByTitle, planEntry, type EntryPlan, type EntryRequest } from './cite/addEntry';
import { citeEditAt, type CiteEditResult } from './cite/citeEdit';
import type { CiteCommand } from './cite/insert';
import { paragraphAt, plainTextOf, scanDraft } from './draft/scan';
import type { DraftFormat, ParagraphInfo, ScannedDraft } from './draft/types';
import { pointAt, type CitationPoint } from './draft/citationPoint';
import { PaperIndex } from './index/paperIndex';
import type { PaperRecord } from './model';
import { onlineSection, resolveOnline } from './online/merge';
import {
  citedKeysOf,
  draftPassages,
  paragraphRequest,
  rankPassages,
  rankText,
  requestOptions,
  type ParagraphRequest,
  type RankOptions,
  type Suggestion,
} from './rank/rank';

/** A draft as its editor holds it. */
export interface DraftText {
  text: string;
  format: DraftFormat;
  /** The other files of the same document (its root, what it includes): their title and citations count. */
  companions?: { text: string; format: DraftFormat }[];
}

/**
 * Where the writer is: the paragraph at an offset, selected ranges (offsets), or the whole draft.
 * With `cursor`, the offset is where a citation goes (completion in `\cite{`, a key being
 * replaced), and the words beside it weigh more among the bibliography (draft/citationPoint.ts);
 * without, it only picks the paragraph.
 */
export type Scope = { kind: 'paragraph'; offset: number; cursor?: boolean } | { kind: 'selection'; ranges: [number, number][] } | { kind: 'draft' };

export interface SuggestRequest {
  draft: DraftText;
  scope: Scope;
  limit?: number;
  /** Words that say what is wanted besides the draft (an unknown key's `vaswani2017attention`): weighed as context. */
  hint?: string;
}

export interface SuggestAnswer {
  suggestions: Suggestion[];
  /** For a paragraph scope: the paragraph ranked (offsets) and its section's title; absent outside prose. */
  paragraph?: { start: number; end: number; section?: string };
}

export interface SearchRequest {
  query: string;
  /** The query's markup (default 'text'): LaTeX or Markdown is read as prose first. */
  format?: DraftFormat;
  limit?: number;
}

export interface OnlineSectionRequest {
  query: string;
  online: PaperRecord[];
  /** Ids of the local results already listed. */
  shownIds: string[];
  /** The last local score: the section's scores stay below it. */
  floor?: number;
  limit: number;
  citedKeys?: string[];
}

export interface CiteRequest {
  /** A LaTeX or Markdown draft. */
  draft: { text: string; format: 'latex' | 'markdown' };
  /** The cursor. */
  offset: number;
  key: string;
  /** LaTeX command of a new citation (default `cite`). */
  command?: CiteCommand;
}

/** Every question the engine answers, one plain-data argument each (the worker protocol is made from this). */
export interface EngineApi {
  /** Papers to cite where the writer is. */
  suggest(request: SuggestRequest): SuggestAnswer;
  /** Free-text search (search box, Search Papers…, the CLI's `search` and `rank`). */
  search(request: SearchRequest): Suggestion[];
  /** Records by citation key (the user's bibliography first), else by id; null for unknown keys. */
  lookup(request: { keys: string[] }): (PaperRecord | null)[];
  /** The bibliography's records: those `ranking` matches first (completion), the rest in title order. */
  bibliography(request: { ranking?: SuggestRequest }): PaperRecord[];
  /**
   * Papers outside the bibliography that `ranking` matches best, each with the key a new entry
   * would get (completion offers them after the bibliography's keys); `limit` at most.
   */
  papersToCite(request: { ranking: SuggestRequest; limit: number }): { record: PaperRecord; key: string }[];
  /** The online section after a search's local results (online/merge.ts `onlineSection`). */
  onlineSection(request: OnlineSectionRequest): Suggestion[];
  /** Online records in their order, those the library holds as the library's (online/merge.ts `resolveOnline`). */
  resolveOnline(request: { online: PaperRecord[]; citedKeys?: string[] }): Suggestion[];
  /** The edit that cites a key at the cursor (cite/citeEdit.ts `citeEditAt`). */
  citeEdit(request: CiteRequest): CiteEditResult;
  /** Adding a paper to the user's bibliography: held already, or the key and text of a new entry (cite/addEntry.ts `planEntry`). */
  planEntry(request: EntryRequest): EntryPlan;
}

const titleOrder = (a: PaperRecord, b: PaperRecord) =>
  a.title.localeCompare(b.title, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id);

/** Drafts scanned lately, by format and text: the sidebar, hovers and completion ask about one draft in turn. */
class ScanCache {
  private readonly scans = new Map<string, ScannedDraft>();
  constructor(private readonly size = 8) {}

  get(text: string, format: DraftFormat): ScannedDraft {
    const key = `${format}\0${text}`;
    let draft = this.scans.get(key);
    if (draft) this.scans.delete(key);
    else draft = scanDraft(text, format);
    this.scans.set(key, draft); // most recent last
    if (this.scans.size > this.size) this.scans.delete(this.scans.keys().next().value!);
    return draft;
  }
}

export class Engine implements EngineApi {
  private readonly scans = new ScanCache();
  private byKey: { generation: number; map: Map<string, PaperRecord> } | undefined;

  /** An engine over `index`, which may change in place (sources switched, a file re-read). */
  constructor(readonly index: PaperIndex = PaperIndex.build([])) {}

  suggest(request: SuggestRequest): SuggestAnswer {
    const answer = this.answer(request, { limit: request.limit });
    // A corpus paper the .bib holds under a short title (which records are not merged by) is
    // still the bibliography's: its card says so and offers no Add.
    const suggestions = answer.suggestions.map((s) => (s.inBibliography || !heldByTitle(this.index, s.record) ? s : { ...s, inBibliography: true }));
    return { ...answer, suggestions };
  }

  search({ query, format = 'text', limit }: SearchRequest): Suggestion[] {
    return rankText(this.index, format === 'text' ? query : plainTextOf(query, format), { limit });
  }

  lookup({ keys }: { keys: string[] }): (PaperRecord | null)[] {
    const byKey = this.keyMap();
    return keys.map((k) => byKey.get(k) ?? this.index.get(k) ?? null);
  }

  bibliography({ ranking }: { ranking?: SuggestRequest }): PaperRecord[] {
    const all = this.index.bibliographyRecords();
    if (!ranking) return all.sort(titleOrder);
    const ranked = this.answer(ranking, { filter: (r) => r.inBibliography, limit: all.length }).suggestions.map((s) => s.record);
    const seen = new Set(ranked.map((r) => r.id));
    return [...ranked, ...all.filter((r) => !seen.has(r.id)).sort(titleOrder)];
  }

  papersToCite({ ranking, limit }: { ranking: SuggestRequest; limit: number }): { record: PaperRecord; key: string }[] {
    const out: { record: PaperRecord; key: string }[] = [];
    const keys = new Set<string>();
    for (const s of this.answer(ranking, { filter: (r) => !r.inBibliography, limit }).suggestions) {
      const plan = planEntry(this.index, { record: s.record, onKeyTaken: 'rename' });
      // Two new papers may be offered one key; the second is left out rather than shown twice.
      if (plan.kind !== 'new' || keys.has(plan.key.toLowerCase())) continue;
      keys.add(plan.key.toLowerCase());
      out.push({ record: s.record, key: plan.key });
    }
    return out;
  }

  onlineSection({ query, online, shownIds, floor, limit, citedKeys }: OnlineSectionRequest): Suggestion[] {
    return onlineSection(this.index, query, online, { shownIds, floor, limit, citedKeys: citedKeys && new Set(citedKeys) });
  }

  resolveOnline({ online, citedKeys }: { online: PaperRecord[]; citedKeys?: string[] }): Suggestion[] {
    return resolveOnline(this.index, online, { citedKeys: citedKeys && new Set(citedKeys) });
  }

  citeEdit({ draft, offset, key, command }: CiteRequest): CiteEditResult {
    return citeEditAt(draft.text, this.scans.get(draft.text, draft.format).citations, offset, key, draft.format, command);
  }

  planEntry(request: EntryRequest): EntryPlan {
    return planEntry(this.index, request);
  }

  /** `suggest` with extra rank options (completion keeps to the bibliography). */
  private answer(request: SuggestRequest, options: RankOptions): SuggestAnswer {
    const { draft, scope } = request;
    const scanned = this.scans.get(draft.text, draft.format);
    if (scope.kind === 'draft') {
      const passages = draftPassages(scanned);
      return { suggestions: passages.length ? rankPassages(this.index, passages, { citedKeys: this.citedKeys(scanned, draft), ...options }) : [] };
    }
    if (scope.kind === 'selection') {
      const raw = scope.ranges.map(([start, end]) => draft.text.slice(start, end)).join('\n\n');
      const text = plainTextOf(raw, draft.format).trim();
      return { suggestions: text ? rankText(this.index, text, { citedKeys: this.citedKeys(scanned, draft), ...options }) : [] };
    }
    const paragraph = paragraphAt(scanned, scope.offset);
    const where = paragraph && { paragraph: { start: paragraph.start, end: paragraph.end, section: scanned.sections[paragraph.section]?.title } };
    const point = paragraph && scope.cursor ? pointAt(draft.text, draft.format, paragraph, scope.offset) : undefined;
    const built = this.paragraphRequest(scanned, paragraph, draft, request.hint, point);
    return { suggestions: built ? rankText(this.index, built.text, { ...requestOptions(built), ...options }) : [], ...where };
  }

  /**
   * What ranking the paragraph reads (rank.ts `paragraphRequest`, with the companions' title and
   * citations); outside prose, the draft's title and the hint alone. Undefined when that is nothing.
   */
  private paragraphRequest(
    draft: ScannedDraft,
    paragraph: ParagraphInfo | undefined,
    input: DraftText,
    hint?: string,
    point?: CitationPoint,
  ): ParagraphRequest | undefined {
    const companions = (input.companions ?? []).map((c) => this.scans.get(c.text, c.format));
    const request: ParagraphRequest = paragraph
      ? paragraphRequest(draft, paragraph, companions, point)
      : { text: '', context: [draft.title ?? companions.find((c) => c.title)?.title].filter((t): t is string => !!t), citedKeys: [...this.citedKeys(draft, input)], citing: [] };
    const words = hint?.trim();
    if (words) request.context.push(words);
    if (!request.text.trim()) {
      if (!words && request.context.length === 0) return undefined;
      request.text = words ?? '';
    }
    return request;
  }

  private citedKeys(draft: ScannedDraft, input: DraftText): Set<string> {
    const cited = citedKeysOf(draft);
    for (const c of input.companions ?? []) for (const key of citedKeysOf(this.scans.get(c.text, c.format))) cited.add(key);
    return cited;
  }

  /** Keys of the user's bibliography win over a corpus bibkey that happens to be the same. */
  private keyMap(): Map<string, PaperRecord> {
    if (this.byKey?.generation === this.index.generation) return this.byKey.map;
    const map = new Map<string, PaperRecord>();
    for (const r of this.index.records()) if (r.key && (!map.has(r.key) || r.inBibliography)) map.set(r.key, r);
    this.byKey = { generation: this.index.generation, map };
    return map;
  }
}
