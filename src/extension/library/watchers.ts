/**
 * Watches the files the library reads: a change re-reads that one file (debounced per file), so
 * only what changed is re-indexed. The bundled corpus is not watched (it ships with the extension).
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

  constructor(
    private readonly library: LibraryService,
    onDidChangeSources: vscode.Event<readonly SourceSpec[]>,
    debounceMs = 300,
  ) {
    super();
    this.debouncer = this._register(new KeyedDebouncer<string>(debounceMs));
    this._register(onDidChangeSources((sources) => this.watch(sources)));
    this._register({ dispose: () => disposeAll(this.watchers.values()) });
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
    }
    for (const file of wanted) {
      if (this.watchers.has(file)) continue;
      const pattern = new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file));
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      const changed = () => this.debouncer.schedule(file, () => void this.library.reloadFile(file));
      const subs = [w, w.onDidChange(changed), w.onDidCreate(changed), w.onDidDelete(changed)];
      this.watchers.set(file, { dispose: () => disposeAll(subs) });
    }
  }
}
