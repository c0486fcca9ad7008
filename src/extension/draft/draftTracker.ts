/**
 * Scans open LaTeX / Markdown documents with the core scanner (at most once per document
 * version), remembers the last focused draft editor, and announces — debounced — when the
 * paragraph at its cursor changes (another paragraph, or an edit of this one).
 */
import * as vscode from 'vscode';
import { paragraphAt, scanDraft } from '../../core/draft/scan';
import type { DraftFormat } from '../../core/draft/types';
import { Debouncer } from '../util/debounce';
import { Disposable } from '../util/dispose';
import type { ActiveParagraph, DraftSnapshot, DraftTracker } from './types';
import { paragraphKey } from './paragraphKey';

/** Language ids VS Code gives drafts (.tex is 'latex' in VS Code 1.139; 'tex' for plain TeX / other extensions). */
const FORMAT_OF_LANGUAGE: Readonly<Record<string, DraftFormat>> = {
  latex: 'latex',
  tex: 'latex',
  markdown: 'markdown',
};

export const DRAFT_LANGUAGES: readonly string[] = Object.keys(FORMAT_OF_LANGUAGE);

export function draftFormatOf(document: vscode.TextDocument): DraftFormat | undefined {
  return FORMAT_OF_LANGUAGE[document.languageId];
}

export interface DraftTrackerOptions {
  /** Whether paragraph changes are announced (relatedWork.followCursor), read on each change. */
  followCursor: () => boolean;
  debounceMs?: number;
}

export class VscodeDraftTracker extends Disposable implements DraftTracker {
  private readonly cache = new Map<string, DraftSnapshot>();
  private _activeEditor: vscode.TextEditor | undefined;
  private lastAnnounced: string | undefined;
  private readonly debouncer: Debouncer;
  /** Scans done (for tests: a version is never scanned twice). */
  scans = 0;

  private readonly _onDidChangeActiveParagraph = this._register(new vscode.EventEmitter<ActiveParagraph | undefined>());
  readonly onDidChangeActiveParagraph = this._onDidChangeActiveParagraph.event;
  private readonly _onDidChangeActiveEditor = this._register(new vscode.EventEmitter<vscode.TextEditor | undefined>());
  /** Fires when `activeEditor` changes to another draft editor (or to none). */
  readonly onDidChangeActiveEditor = this._onDidChangeActiveEditor.event;

  constructor(private readonly options: DraftTrackerOptions) {
    super();
    this.debouncer = this._register(new Debouncer(options.debounceMs ?? 300, () => this.announce()));
    this.setActiveEditor(this.pickEditor(vscode.window.activeTextEditor));

    this._register(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        // A webview, the panel or the palette focused: keep the last draft editor.
        if (e && draftFormatOf(e.document)) this.setActiveEditor(e);
        else if (this._activeEditor && !this.isVisible(this._activeEditor)) this.setActiveEditor(this.pickEditor(undefined));
      }),
    );
    this._register(
      vscode.window.onDidChangeVisibleTextEditors(() => {
        if (this._activeEditor && !this.isVisible(this._activeEditor)) this.setActiveEditor(this.pickEditor(undefined));
      }),
    );
    this._register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === this._activeEditor) this.schedule();
        else if (e.textEditor === vscode.window.activeTextEditor && draftFormatOf(e.textEditor.document)) this.setActiveEditor(e.textEditor);
      }),
    );
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && e.document === this._activeEditor?.document) this.schedule();
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('relatedWork.followCursor') && this.options.followCursor()) {
          this.lastAnnounced = undefined;
          this.schedule();
        }
      }),
    );
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())));
  }

  get activeEditor(): vscode.TextEditor | undefined {
    return this._activeEditor;
  }

  get(document: vscode.TextDocument): DraftSnapshot | undefined {
    const format = draftFormatOf(document);
    if (!format) return undefined;
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version && cached.format === format) return cached;
    const text = document.getText();
    const snapshot: DraftSnapshot = { uri: document.uri, version: document.version, format, text, draft: scanDraft(text, format) };
    this.scans++;
    this.cache.set(key, snapshot);
    return snapshot;
  }

  activeParagraph(): ActiveParagraph | undefined {
    const editor = this._activeEditor;
    if (!editor) return undefined;
    const snapshot = this.get(editor.document);
    if (!snapshot) return undefined;
    const offset = editor.document.offsetAt(editor.selection.active);
    return { editor, snapshot, paragraph: paragraphAt(snapshot.draft, offset) };
  }

  private setActiveEditor(editor: vscode.TextEditor | undefined): void {
    if (editor === this._activeEditor) return;
    const sameDocument = editor?.document === this._activeEditor?.document;
    this._activeEditor = editor;
    if (!sameDocument) this._onDidChangeActiveEditor.fire(editor);
    this.schedule();
  }

  /** The given editor if it is a draft, else a visible draft editor (the one of the last document first). */
  private pickEditor(preferred: vscode.TextEditor | undefined): vscode.TextEditor | undefined {
    if (preferred && draftFormatOf(preferred.document)) return preferred;
    const visible = vscode.window.visibleTextEditors.filter((e) => draftFormatOf(e.document));
    const last = this._activeEditor?.document;
    return visible.find((e) => e.document === last) ?? visible[0];
  }

  private isVisible(editor: vscode.TextEditor): boolean {
    return vscode.window.visibleTextEditors.includes(editor);
  }

  private schedule(): void {
    if (this.options.followCursor()) this.debouncer.trigger();
  }

  private announce(): void {
    if (!this.options.followCursor()) return;
    const active = this.activeParagraph();
    const key = paragraphKey(active && { uri: active.snapshot.uri.toString(), paragraph: active.paragraph, draft: active.snapshot.draft });
    if (key === this.lastAnnounced) return;
    this.lastAnnounced = key;
    this._onDidChangeActiveParagraph.fire(active);
  }
}
