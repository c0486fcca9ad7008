/**
 * The Related Work sidebar: a webview view listing papers for the paragraph at the cursor, the
 * last Find Related Work query or the search box. The extension side owns the state (what is
 * shown, the records behind the cards) and sends the whole view model to the webview
 * (src/webview/main.ts) on every change; the webview sends back searches and card actions.
 *
 * With `relatedWork.online.enabled`, a search from the box shows the local results at once, then
 * an "Online · …" section with the online papers the local results do not list; More like this on
 * a card (online on, a DOI or arXiv id) lists the papers Semantic Scholar recommends for it. What
 * each query asks, and the cancelling of online requests, is queryRunner.ts's; this file keeps
 * the view: what is shown, and the records behind the cards.
 */
import * as vscode from 'vscode';
import { isWarning, type PaperRecord } from '../../core/model';
import type { Suggestion } from '../../core/rank/rank';
import type { ContentDto, FromWebview, PaperAction, PaperDto, StatusDto, ToWebview, ViewModel } from '../../protocol';
import { addToBibliography, copyBibtex } from '../cite/addToBibliography';
import { insertCitation } from '../cite/insertCitation';
import { SIDEBAR_VIEW_ID } from '../commands';
import type { ActiveParagraph } from '../draft/types';
import { draftFormatOf } from '../draft/draftTracker';
import type { FeatureDeps } from '../features';
import { openPaper } from '../search/openPaper';
import { isSuperseded, type LibraryStatus } from '../library/types';
import { onlineSectionLabel } from '../online/onlineConfig';
import { Disposable } from '../util/dispose';
import { toPaperDtos } from './format';
import { renderHtml, resourceRoots } from './html';
import { draftQuery, paragraphQuery, searchQuery, similarQuery, type SidebarQuery } from './queries';
import { QueryRunner, type SidebarOnline } from './queryRunner';

export type { SidebarOnline } from './queryRunner';

/** What a query displayed: returned by `show()` (and by the Find Related Work command, for tests). */
export interface DisplayedResults {
  source: SidebarQuery['source'];
  title: string;
  suggestions: Suggestion[];
  /** The online section (after `suggestions`): set only when a search went online. */
  online?: Suggestion[];
  /** Set when the results could not be computed (the library failed). */
  error?: string;
}

/** What other features may ask of the sidebar. */
export interface SidebarPresenter {
  /** Shows the results of `query` (they stay until the cursor moves to another paragraph) and resolves with them. */
  show(query: SidebarQuery): Promise<DisplayedResults>;
  /** Moves the keyboard focus to the search box of the view (if it is open). */
  focusSearch(): void;
  /** Shows the view, leaving the keyboard focus where it is when the view exists already. */
  reveal(): Promise<void>;
}

export type SidebarHandle = SidebarPresenter & vscode.Disposable;

/**
 * Internal commands (not in package.json) that do what the search box does and resolve with what
 * the sidebar displayed, online section included: the integration tests' way in.
 */
export const SIDEBAR_TEST_COMMANDS = {
  /** `(query: string) => DisplayedResults` */
  search: '_relatedWork.sidebar.search',
  /** `(id: string) => DisplayedResults | undefined`: More like this on the card of record `id`. */
  moreLikeThis: '_relatedWork.sidebar.moreLikeThis',
} as const;

/**
 * Registers the `relatedWork.sidebar` webview view. Hand the result to features that show results
 * in it. `online` adds the online section of searches and More like this.
 */
export function registerSidebar(deps: FeatureDeps, online?: SidebarOnline): SidebarHandle {
  return new SidebarController(deps, online);
}

/** Ranking slower than this shows the skeleton instead of keeping the previous list. */
const LOADING_DELAY_MS = 250;
const CHANNEL = 'sidebar';

const OPEN_DRAFT: ContentDto = {
  kind: 'empty',
  message: 'Open a LaTeX or Markdown draft',
  hint: 'Papers for the paragraph at your cursor appear here. You can also search the library with the box above.',
};

class SidebarController extends Disposable implements vscode.WebviewViewProvider, SidebarPresenter {
  private view: vscode.WebviewView | undefined;
  private content: ContentDto = OPEN_DRAFT;
  private query: SidebarQuery | undefined;
  /** The search box text; while non-empty, cursor moves do not replace the search results. */
  private searchText = '';
  /** Records behind the cards shown, by id (actions name papers by id). */
  private records = new Map<string, PaperRecord>();
  private revision = 0;
  private seq = 0;
  /** The cursor moved while the view was hidden: refresh when it shows again. */
  private stale = true;
  private readonly runner: QueryRunner;
  /** Callers of reveal() waiting for the view's page to load. */
  private readonly onLoaded: (() => void)[] = [];

  constructor(
    private readonly deps: FeatureDeps,
    online?: SidebarOnline,
  ) {
    super();
    this.runner = this._register(new QueryRunner(deps, online));
    this._register(vscode.window.registerWebviewViewProvider(SIDEBAR_VIEW_ID, this));
    this._register(vscode.commands.registerCommand(SIDEBAR_TEST_COMMANDS.search, (query: string) => this.show(searchQuery(query))));
    this._register(vscode.commands.registerCommand(SIDEBAR_TEST_COMMANDS.moreLikeThis, (id: string) => {
      const record = this.records.get(id);
      return record ? this.run(similarQuery(record), true) : undefined;
    }));
    this._register(deps.library.onDidChangeStatus((s) => this.onStatus(s)));
    this._register(deps.drafts.onDidChangeActiveParagraph((a) => this.onParagraph(a)));
  }

  // ---- WebviewViewProvider ------------------------------------------------------------------

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const extensionUri = this.deps.context.extensionUri;
    view.webview.options = { enableScripts: true, localResourceRoots: resourceRoots(extensionUri) };
    view.webview.html = renderHtml(view.webview, extensionUri, this.model());
    const subs = [
      view.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
      view.onDidChangeVisibility(() => {
        if (view.visible && this.stale && !this.searchText) void this.followCursor();
      }),
    ];
    view.onDidDispose(() => {
      subs.forEach((d) => d.dispose());
      if (this.view === view) this.view = undefined;
      this.stale = true;
    });
    if (!this.query || this.stale) void this.followCursor();
  }

  // ---- SidebarPresenter ---------------------------------------------------------------------

  show(query: SidebarQuery): Promise<DisplayedResults> {
    this.searchText = query.search ?? '';
    return this.run(query, true);
  }

  focusSearch(): void {
    this.post({ type: 'focusSearch' });
  }

  async reveal(): Promise<void> {
    if (this.view) {
      this.view.show(true);
      return;
    }
    // Focusing is the only way to create the view; its page takes the focus once it has loaded,
    // so wait for that (at most a few seconds) before the caller gives the focus back.
    const loaded = new Promise<void>((resolve) => {
      this.onLoaded.push(resolve);
      setTimeout(resolve, 5000);
    });
    await vscode.commands.executeCommand(`${SIDEBAR_VIEW_ID}.focus`);
    await loaded;
  }

  // ---- What to show -------------------------------------------------------------------------

  private get limit(): number {
    return this.runner.limit;
  }

  private onParagraph(active: ActiveParagraph | undefined): void {
    if (!this.view?.visible) {
      this.stale = true;
      return;
    }
    if (!this.searchText) void this.followCursor(active);
  }

  /** Shows papers for the paragraph at the cursor; for the whole draft when the cursor is outside prose. */
  private async followCursor(active = this.deps.drafts.activeParagraph()): Promise<void> {
    this.stale = false;
    // Over to the .bib (or the log) for a moment: the last draft's results stay, while that draft is open.
    if (!active && this.query?.request && vscode.workspace.textDocuments.some((d) => !d.isClosed && draftFormatOf(d))) return;
    if (!active) {
      this.runner.cancel();
      this.seq++;
      this.query = undefined;
      this.records.clear();
      this.setContent(OPEN_DRAFT);
      return;
    }
    const q = paragraphQuery(active, this.limit) ?? draftQuery(active.snapshot, this.limit);
    if (!q) {
      this.runner.cancel();
      this.seq++;
      this.query = undefined;
      this.setContent({ kind: 'empty', message: 'This draft has no text yet', hint: 'Write a paragraph, or search the library above.' });
      return;
    }
    await this.run(q);
  }

  /**
   * Computes and shows `q`. Superseded runs (a newer query started) leave the view alone; with
   * `answer` (a command waits for the results) they still compute them, without a channel so the
   * library does not drop them.
   */
  private async run(q: SidebarQuery, answer = false): Promise<DisplayedResults> {
    this.runner.cancel();
    const seq = ++this.seq;
    this.query = q;
    this.stale = false;
    const result: DisplayedResults = { source: q.source, title: q.title, suggestions: [] };
    const library = this.deps.library;

    if (library.status.state !== 'ready') {
      this.setContent({ kind: 'loading', title: q.title, source: q.source });
      if (library.status.state !== 'error') {
        await vscode.window.withProgress({ location: { viewId: SIDEBAR_VIEW_ID } }, () => library.whenReady());
      }
      if (seq !== this.seq && !answer) return result;
      if (library.status.state === 'error') {
        this.setContent({ kind: 'error', message: library.status.message ?? 'The paper index could not be built.' });
        return { ...result, error: library.status.message ?? 'library error' };
      }
    }

    // Keep the current list while a fast ranking runs; show the skeleton if it takes a while.
    const slow = setTimeout(() => {
      if (seq === this.seq) this.setContent({ kind: 'loading', title: q.title, source: q.source });
    }, this.content.kind === 'results' ? LOADING_DELAY_MS : 0);
    try {
      const suggestions = await this.runner.local(q, answer ? undefined : CHANNEL);
      result.suggestions = suggestions;
      clearTimeout(slow);
      if (seq !== this.seq) return result;
      this.records = new Map(suggestions.map((s) => [s.record.id, s.record]));
      const online = this.runner.goesOnline(q) ? this.runner.online : undefined;
      this.setContent(suggestions.length || online
        ? {
            kind: 'results',
            title: q.title,
            source: q.source,
            papers: this.dtos(suggestions),
            online: online && { title: onlineSectionLabel(online.providerIds), from: suggestions.length, pending: true },
          }
        : {
            kind: 'empty',
            title: q.title,
            source: q.source,
            message: 'No matching papers',
            hint: q.similarTo
              ? 'Semantic Scholar has no recommendations for this paper (or did not answer).'
              : q.source === 'search' ? 'Try other words, or fewer of them.' : 'Try Find Related Work on a longer passage, or search the library above.',
          });
      if (online) result.online = await this.showOnline(seq, q, suggestions, online);
      return result;
    } catch (err) {
      if (isSuperseded(err)) return result;
      const message = err instanceof Error ? err.message : String(err);
      this.deps.output.appendLine(`[sidebar] ${q.title}: ${message}`);
      if (seq === this.seq) this.setContent({ kind: 'error', message });
      return { ...result, error: message };
    } finally {
      clearTimeout(slow);
    }
  }

  /** Appends the online section of the search `q` under its `local` results, unless a newer query came. */
  private async showOnline(seq: number, q: SidebarQuery, local: Suggestion[], online: SidebarOnline): Promise<Suggestion[]> {
    const fresh = await this.runner.onlineSection(q, local);
    if (fresh === undefined || seq !== this.seq) return [];
    for (const s of fresh) this.records.set(s.record.id, s.record);
    // The local cards as shown (an action may have patched them), then the online ones.
    const shown = this.content.kind === 'results' ? this.content.papers.slice(0, local.length) : [];
    const papers = [...shown, ...this.dtos([...local, ...fresh]).slice(local.length)];
    const section = { title: onlineSectionLabel(online.providerIds), from: local.length, pending: false };
    this.setContent(papers.length
      ? { kind: 'results', title: q.title, source: q.source, papers, online: section }
      : { kind: 'empty', title: q.title, source: q.source, message: 'No matching papers', hint: 'Nothing in your library or online: try other words.' });
    return fresh;
  }

  /** Cards for `suggestions`, with More like this where it can be asked. */
  private dtos(suggestions: readonly Suggestion[]): PaperDto[] {
    const online = this.runner.online;
    const dtos = toPaperDtos(suggestions);
    if (!online?.enabled) return dtos;
    return dtos.map((p, i) => (online.canRecommend(suggestions[i]!.record) ? { ...p, similar: true } : p));
  }

  private onStatus(s: LibraryStatus): void {
    if (s.state === 'error' && this.content.kind === 'results') {
      // Keep the list (still correct for the old index); the footer tells what happened.
      this.postModel();
      return;
    }
    if (s.state === 'ready' && this.query && this.view?.visible) {
      // The sources changed (a .bib was edited): badges and results may have too.
      void this.run(this.query);
      return;
    }
    if (s.state === 'ready' && this.query) this.stale = true;
    this.postModel();
  }

  // ---- Messages -----------------------------------------------------------------------------

  private onMessage(m: FromWebview): void {
    switch (m.type) {
      case 'ready':
        this.postModel();
        for (const resolve of this.onLoaded.splice(0)) resolve();
        break;
      case 'search':
        this.searchText = m.query.trim();
        if (this.searchText) void this.run(searchQuery(this.searchText));
        else void this.followCursor();
        break;
      case 'action':
        void this.act(m.action, m.id);
        break;
      case 'retry':
        void this.retry();
        break;
      case 'showLog':
        this.deps.output.show(true);
        break;
    }
  }

  private async retry(): Promise<void> {
    this.setContent({ kind: 'loading', title: this.query?.title ?? 'Rebuilding the index', source: this.query?.source });
    try {
      await this.deps.library.rebuild();
    } catch (err) {
      this.deps.output.appendLine(`[sidebar] rebuild failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (this.query) await this.run(this.query);
    else await this.followCursor();
  }

  private async act(action: PaperAction, id: string): Promise<void> {
    const record = this.records.get(id);
    if (!record) return;
    try {
      switch (action) {
        case 'insertCitation':
          if (await insertCitation(this.deps, record, this.deps.drafts.activeEditor)) {
            // Inserting also adds the paper to the bibliography when it was not there.
            this.patch(id, { alreadyCited: true, inBibliography: true });
          }
          break;
        case 'addToBibliography': {
          const added = await addToBibliography(this.deps, record);
          if (added) {
            this.patch(id, { inBibliography: true });
            this.post({ type: 'notice', text: `In your bibliography as ${added}` });
          }
          break;
        }
        case 'copyBibtex':
          await copyBibtex(this.deps, record);
          this.post({ type: 'notice', text: 'BibTeX copied to the clipboard' });
          break;
        case 'open':
          await openPaper(record);
          break;
        case 'moreLikeThis':
          await this.run(similarQuery(record));
          break;
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.output.appendLine(`[sidebar] ${action} ${id}: ${message}`);
      void vscode.window.showErrorMessage(`Related Work: ${message}`);
    }
  }

  /** Updates one card in place (after an action) without re-ranking. */
  private patch(id: string, change: Partial<PaperDto>): void {
    if (this.content.kind !== 'results') return;
    this.setContent({ ...this.content, papers: this.content.papers.map((p) => (p.id === id ? { ...p, ...change } : p)) });
  }

  // ---- Model --------------------------------------------------------------------------------

  private setContent(content: ContentDto): void {
    this.content = content;
    this.postModel();
  }

  private status(): StatusDto {
    const s = this.deps.library.status;
    return {
      state: s.state,
      papers: s.papers,
      bibliographyEntries: s.bibliographyEntries,
      problems: s.errors.filter((e) => !isWarning(e)).length,
      message: s.message,
    };
  }

  private model(): ViewModel {
    return { status: this.status(), content: this.content, query: this.searchText, revision: ++this.revision };
  }

  private postModel(): void {
    if (this.view) this.post({ type: 'model', model: this.model() });
  }

  private post(message: ToWebview): void {
    void this.view?.webview.postMessage(message);
  }
}
