/**
 * What the sidebar can show results for, built from the editor: the paragraph at the cursor, a
 * selection, the whole draft, or a free-text search. Shared by the sidebar (which follows the
 * cursor) and the Find Related Work command.
 */
import type * as vscode from 'vscode';
import { plainTextOf } from '../../core/draft/plain';
import { sectionOf } from '../../core/draft/scan';
import { citedKeysOf, draftPassages, paragraphRequest } from '../../core/rank/rank';
import type { ResultSource } from '../../protocol';
import type { PaperRecord } from '../../core/model';
import type { ActiveParagraph, DraftSnapshot } from '../draft/types';
import type { RankRequest } from '../library/types';

export interface SidebarQuery {
  source: ResultSource;
  /** The header line: "Paragraph at line 42 · Introduction", "Selection · lines 3–5", "Search: sinks". */
  title: string;
  /** A ranking request (paragraph, selection, draft) ... */
  request?: RankRequest;
  /** ... or a free-text search ... */
  search?: string;
  /** ... or the papers Semantic Scholar recommends for this one (More like this). */
  similarTo?: PaperRecord;
}

const lineOf = (doc: vscode.TextDocument, offset: number) => doc.positionAt(offset).line + 1;

/** The paragraph at the cursor; undefined when the cursor is outside prose. */
export function paragraphQuery(active: ActiveParagraph, limit: number): SidebarQuery | undefined {
  const { paragraph, snapshot, editor } = active;
  if (!paragraph || !paragraph.text.trim()) return undefined;
  const section = sectionOf(snapshot.draft, paragraph);
  const where = `Paragraph at line ${lineOf(editor.document, paragraph.start)}`;
  return {
    source: 'paragraph',
    title: section?.title ? `${where} · ${section.title}` : where,
    request: { ...paragraphRequest(snapshot.draft, paragraph), limit },
  };
}

/** The whole draft: its title, abstract and every paragraph; undefined for a draft without prose. */
export function draftQuery(snapshot: DraftSnapshot, limit: number): SidebarQuery | undefined {
  const d = snapshot.draft;
  const passages = draftPassages(d);
  if (!passages.length) return undefined;
  return {
    source: 'draft',
    title: d.title ? `Whole draft · ${d.title}` : 'Whole draft',
    request: { text: passages.join('\n'), passages, citedKeys: [...citedKeysOf(d)], limit },
  };
}

/** The (first) non-empty selection of `editor`, as plain text; undefined when nothing is selected. */
export function selectionQuery(editor: vscode.TextEditor, snapshot: DraftSnapshot | undefined, limit: number): SidebarQuery | undefined {
  const selections = editor.selections.filter((s) => !s.isEmpty);
  if (!selections.length) return undefined;
  const raw = selections.map((s) => editor.document.getText(s)).join('\n\n');
  const text = plainTextOf(raw, snapshot?.format ?? 'text').trim();
  if (!text) return undefined;
  const first = Math.min(...selections.map((s) => s.start.line)) + 1;
  const last = Math.max(...selections.map((s) => (s.end.character === 0 && s.end.line > s.start.line ? s.end.line - 1 : s.end.line))) + 1;
  return {
    source: 'selection',
    title: first === last ? `Selection · line ${first}` : `Selection · lines ${first}–${last}`,
    request: { text, citedKeys: snapshot ? [...citedKeysOf(snapshot.draft)] : [], limit },
  };
}

export function searchQuery(query: string): SidebarQuery {
  return { source: 'search', title: `Search: ${query}`, search: query };
}

export function similarQuery(record: PaperRecord): SidebarQuery {
  return { source: 'similar', title: `More like: ${record.title}`, similarTo: record };
}
