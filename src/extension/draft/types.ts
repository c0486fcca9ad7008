import type { Event, TextDocument, TextEditor, Uri } from 'vscode';
import type { DraftFormat, ParagraphInfo, ScannedDraft } from '../../core/draft/types';

/** A scanned LaTeX / Markdown document at one version. */
export interface DraftSnapshot {
  uri: Uri;
  version: number;
  format: DraftFormat;
  text: string;
  draft: ScannedDraft;
}

export interface ActiveParagraph {
  editor: TextEditor;
  snapshot: DraftSnapshot;
  /** The paragraph at the cursor, undefined when the cursor is outside prose (preamble, code...). */
  paragraph: ParagraphInfo | undefined;
}

/** Keeps scanned drafts of open LaTeX / Markdown documents, re-scanning only when they change. */
export interface DraftTracker {
  /** The scan of `document` at its current version (cached by uri + version); undefined for other languages. */
  get(document: TextDocument): DraftSnapshot | undefined;
  /** The last focused LaTeX / Markdown editor, still there when a webview or the palette has focus. */
  readonly activeEditor: TextEditor | undefined;
  /** The paragraph at the cursor of `activeEditor`, now. */
  activeParagraph(): ActiveParagraph | undefined;
  /**
   * Fires (debounced) when the cursor moves to another paragraph or the paragraph's text
   * changes, while `relatedWork.followCursor` is on.
   */
  readonly onDidChangeActiveParagraph: Event<ActiveParagraph | undefined>;
}
