/**
 * What the sidebar can show results for, built from the editor: the paragraph at the cursor, a
 * selection, the whole draft, or a free-text search. Shared by the sidebar (which follows the
 * cursor) and the Find Related Work command.
 */
import type * as vscode from 'vscode';
import type { SuggestRequest } from '../../core/engine';
import { plainTextOf, sectionOf } from '../../core/draft/scan';
import type { ResultSource } from '../../protocol';
import type { PaperRecord } from '../../core/model';
import type { ActiveParagraph, DraftSnapshot } from '../draft/types';

export interface SidebarQuery {
  source: ResultSource;
  /** The header line: "Paragraph at line 42 · Introduction", "Selection · lines 3–5", "Search: sinks". */
  title: string;
  /** Suggestions for the draft (paragraph, selection, whole draft): the editor's text and where ... */
  request?: SuggestRequest;
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
    request: { draft: { text: snapshot.text, format: snapshot.format }, scope: { kind: 'paragraph', offset: paragraph.start }, limit },
  };
}

/** The whole draft: its title, abstract and every paragraph; undefined for a draft without prose. */
export function draftQuery(snapshot: DraftSnapshot, limit: number): SidebarQuery | undefined {
  const d = snapshot.draft;
  if (!d.title && !d.abstract && !d.paragraphs.some((p) => p.text.trim())) return undefined;
  return {
    source: 'draft',
    title: d.title ? `Whole draft · ${d.title}` : 'Whole draft',
    request: { draft: { text: snapshot.text, format: snapshot.format }, scope: { kind: 'draft' }, limit },
  };
}

/** The (first) non-empty selection of `editor`, as plain text; undefined when nothing is selected. */
export function selectionQuery(editor: vscode.TextEditor, snapshot: DraftSnapshot | undefined, limit: number): SidebarQuery | undefined {
  const selections = editor.selections.filter((s) => !s.isEmpty);
  if (!selections.length) return undefined;
  const format = snapshot?.format ?? 'text';
  // Only to tell an empty selection (markup, a comment) from one worth ranking.
  if (!plainTextOf(selections.map((s) => editor.document.getText(s)).join('\n\n'), format).trim()) return undefined;
  const document = editor.document;
  const first = Math.min(...selections.map((s) => s.start.line)) + 1;
  const last = Math.max(...selections.map((s) => (s.end.character === 0 && s.end.line > s.start.line ? s.end.line - 1 : s.end.line))) + 1;
  return {
    source: 'selection',
    title: first === last ? `Selection · line ${first}` : `Selection · lines ${first}–${last}`,
    request: {
      draft: { text: document.getText(), format },
      scope: { kind: 'selection', ranges: selections.map((s) => [document.offsetAt(s.start), document.offsetAt(s.end)]) },
      limit,
    },
  };
}

export function searchQuery(query: string): SidebarQuery {
  return { source: 'search', title: `Search: ${query}`, search: query };
}

export function similarQuery(record: PaperRecord): SidebarQuery {
  return { source: 'similar', title: `More like: ${record.title}`, similarTo: record };
}
