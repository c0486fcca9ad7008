/**
 * Decides which files the library reads (rules in sourceRules.ts) and keeps the library in line:
 * recomputes when the active draft changes or is saved, when settings or workspace trust change,
 * and when a .bib appears or disappears; calls `library.configure` only when the list changed.
 */
import * as vscode from 'vscode';
import { resolveDraft } from '../../core/draft/include';
import type { SourceSpec } from '../../core/library';
import type { Settings } from '../config';
import { draftFormatOf } from '../draft/draftTracker';
import type { Log } from '../log';
import { Debouncer } from '../util/debounce';
import { Disposable } from '../util/dispose';
import { sameSources } from '../../core/sources/sourceList';
import { chooseSources, resolveSettingPath, type SourceCandidates } from './sourceRules';
import type { LibraryService } from './types';

export interface SourcesDeps {
  library: LibraryService;
  /** The draft whose bibliography is used, and when it changes. */
  activeDraft: () => vscode.TextDocument | undefined;
  onDidChangeActiveDraft: vscode.Event<unknown>;
  settings: () => Settings;
  /** Absolute path of data/default-corpus.jsonl in the extension folder. */
  bundledCorpus: string;
  log: Log;
}

const EXCLUDE = '**/node_modules/**';
const SOURCE_SETTINGS = ['relatedWork.bibliographyFiles', 'relatedWork.corpusFiles', 'relatedWork.useBundledCorpus'];

const decoder = new TextDecoder('utf-8');

async function exists(file: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.file(file));
    return true;
  } catch {
    return false;
  }
}

/** Reads through open documents first (unsaved edits count), else through workspace.fs. */
async function readText(file: string): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (open) return open.getText();
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
  } catch {
    return undefined;
  }
}

export class SourcesController extends Disposable {
  private current: SourceSpec[] | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly debouncer: Debouncer;
  private readonly _onDidChangeSources = this._register(new vscode.EventEmitter<readonly SourceSpec[]>());
  readonly onDidChangeSources = this._onDidChangeSources.event;

  constructor(private readonly deps: SourcesDeps) {
    super();
    this.debouncer = this._register(new Debouncer(200, () => void this.update()));
    const later = () => this.debouncer.trigger();
    this._register(deps.onDidChangeActiveDraft(later));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (SOURCE_SETTINGS.some((s) => e.affectsConfiguration(s))) later();
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(later));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(later));
    // \bibliography{} / YAML bibliography: may have changed.
    this._register(
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (draftFormatOf(d)) later();
      }),
    );
    const bibs = this._register(vscode.workspace.createFileSystemWatcher('**/*.bib', false, true, false));
    this._register(bibs.onDidCreate(later));
    this._register(bibs.onDidDelete(later));
  }

  /** The sources in use (undefined before the first computation). */
  get sources(): readonly SourceSpec[] | undefined {
    return this.current;
  }

  /** Recomputes now (the first time, and after a batch of changes); resolves when configure was sent. */
  update(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.computeAndConfigure();
        } while (this.again && !this.isDisposed);
      } catch (e) {
        this.deps.log.error('could not determine the bibliography files', e);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async computeAndConfigure(): Promise<void> {
    const { sources, rule } = chooseSources(await this.candidates());
    if (this.isDisposed || sameSources(this.current, sources)) return;
    this.current = sources;
    const bibs = sources.filter((s) => s.role === 'bibliography').length;
    const why = rule === 'setting' ? 'relatedWork.bibliographyFiles' : rule === 'draft' ? 'named by the draft' : 'every .bib in the workspace';
    this.deps.log.info(`sources: ${bibs} bibliography file${bibs === 1 ? '' : 's'} (${why}), ${sources.length - bibs} corpus file${sources.length - bibs === 1 ? '' : 's'}`);
    this._onDidChangeSources.fire(sources);
    // Not awaited: the worker runs loads in order, and a long load must not hold up the next change.
    void this.deps.library.configure(sources);
  }

  private async candidates(): Promise<SourceCandidates> {
    const settings = this.deps.settings();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const root = folder?.scheme === 'file' ? folder.fsPath : undefined;
    return {
      configured: settings.bibliographyFiles.length ? await this.configuredFiles(settings.bibliographyFiles) : undefined,
      namedByDraft: await this.namedByDraft(),
      workspaceBibs: (await vscode.workspace.findFiles('**/*.bib', EXCLUDE)).filter((u) => u.scheme === 'file').map((u) => u.fsPath),
      corpus: vscode.workspace.isTrusted
        ? settings.corpusFiles.map((p) => resolveSettingPath(p, root)).filter((p): p is string => p !== undefined)
        : [],
      bundled: settings.useBundledCorpus ? this.deps.bundledCorpus : undefined,
    };
  }

  private async configuredFiles(globs: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const g of globs) {
      const abs = resolveSettingPath(g, undefined);
      if (abs && !/[*?{[]/.test(g)) {
        out.push(abs);
        continue;
      }
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, g), EXCLUDE);
        out.push(...found.filter((u) => u.scheme === 'file').map((u) => u.fsPath).sort());
      }
    }
    return out;
  }

  /** The existing bibliography files named by the active draft and the files it includes. */
  private async namedByDraft(): Promise<string[] | undefined> {
    const doc = this.deps.activeDraft();
    if (!doc || doc.uri.scheme !== 'file') return undefined;
    const resolved = await resolveDraft(doc.uri.fsPath, readText);
    const present: string[] = [];
    for (const b of resolved.bibliographies) {
      if (await exists(b)) present.push(b);
      else this.deps.log.warn(`${vscode.workspace.asRelativePath(doc.uri, false)} names ${b}, which does not exist`);
    }
    return present;
  }
}
