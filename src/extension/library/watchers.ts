/**
 * Watches the files the library reads, on disk and in editors: a change on disk re-reads that one
 * file (debounced per file), so only what changed is re-indexed; an edit in an editor sends the
 * unsaved text after a typing pause, so a key typed into a .bib counts before it is saved (a
 * save or a close without saving sends the disk back). The bundled corpus is not watched.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SourceSpec } from '../../core/library';
import { KeyedDebouncer } from '../util/debounce';
import { Disposable, disposeAll, type IDisposable } from '../util/dispose';
import type { LibraryService } from './types';

export class SourceWatchers extends Disposable {
  private readonly debouncer: KeyedDebouncer<string>;
  private watchers = new Map<string, IDisposable>();
  private readonly edits: KeyedDebouncer<string>;
  /** Files whose unsaved text the library was sent. */
  private readonly overlaid = new Set<string>();

  constructor(
    private readonly library: LibraryService,
    onDidChangeSources: vscode.Event<readonly SourceSpec[]>,
    debounceMs = 300,
  ) {
    super();
    this.debouncer = this._register(new KeyedDebouncer<string>(debounceMs));
    this.edits = this._register(new KeyedDebouncer<string>(debounceMs));
    this._register(onDidChangeSources((sources) => this.watch(sources)));
    this._register({ dispose: () => disposeAll(this.watchers.values()) });
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const file = this.sourceOf(e.document);
        if (file && e.contentChanges.length) this.edits.schedule(file, () => this.sendText(file));
      }),
    );
    // A save makes the editor clean: the disk again, now (the watcher's re-read then finds nothing new).
    this._register(vscode.workspace.onDidSaveTextDocument((d) => this.sendNow(this.sourceOf(d))));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.sendNow(this.sourceOf(d))));
  }

  private sourceOf(document: vscode.TextDocument): string | undefined {
    return document.uri.scheme === 'file' && this.watchers.has(document.uri.fsPath) ? document.uri.fsPath : undefined;
  }

  private sendNow(file: string | undefined): void {
    if (!file) return;
    this.edits.cancel(file);
    this.sendText(file);
  }

  /** The editor's text while it has unsaved changes, else (saved, reverted, closed) the disk's. */
  private sendText(file: string): void {
    const document = vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.scheme === 'file' && d.uri.fsPath === file);
    const text = document?.isDirty ? document.getText() : undefined;
    if (text === undefined && !this.overlaid.delete(file)) return;
    if (text !== undefined) this.overlaid.add(file);
    void this.library.setOpenText(file, text);
  }

  /** Files being watched (for tests). */
  get watched(): string[] {
    return [...this.watchers.keys()];
  }

  watch(sources: readonly SourceSpec[]): void {
    const wanted = new Set(sources.filter((s) => s.role !== 'default').map((s) => s.file));
    for (const [file, w] of [...this.watchers]) {
      if (wanted.has(file)) continue;
      w.dispose();
      this.watchers.delete(file);
      this.debouncer.cancel(file);
      this.edits.cancel(file);
      if (this.overlaid.delete(file)) void this.library.setOpenText(file, undefined);
    }
    for (const file of wanted) {
      if (this.watchers.has(file)) continue;
      const pattern = new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file));
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      const changed = () => this.debouncer.schedule(file, () => void this.library.reloadFile(file));
      const subs = [w, w.onDidChange(changed), w.onDidCreate(changed), w.onDidDelete(changed)];
      this.watchers.set(file, { dispose: () => disposeAll(subs) });
      // Already open with unsaved changes when it became a source.
      this.sendText(file);
    }
  }
}
