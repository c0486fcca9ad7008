/**
 * What the sidebar asks to fill its cards: the local results of a query (the engine's suggestions,
 * a search, or Semantic Scholar's recommendations for More like this) and the online section of a
 * search. Any newer query cancels the online request still pending; the view (sidebarProvider.ts)
 * decides what to show.
 */
import * as vscode from 'vscode';
import type { PaperRecord } from '../../core/model';
import type { Suggestion } from '../../core/rank/rank';
import type { FeatureDeps } from '../features';
import type { OnlineService } from '../online/onlineService';
import { Disposable } from '../util/dispose';
import type { SidebarQuery } from './queries';

/** What the sidebar needs of the OnlineService. */
export type SidebarOnline = Pick<OnlineService, 'enabled' | 'providerIds' | 'search' | 'canRecommend' | 'recommend'>;

export class QueryRunner extends Disposable {
  /** The online request of the current query; cancelled by any newer one. */
  private request: vscode.CancellationTokenSource | undefined;

  constructor(
    private readonly deps: Pick<FeatureDeps, 'library' | 'output' | 'settings'>,
    readonly online?: SidebarOnline,
  ) {
    super();
    this._register({ dispose: () => this.cancel() });
  }

  get limit(): number {
    return this.deps.settings().maxResults;
  }

  /** Cancels the pending online request, if any. */
  cancel(): void {
    this.request?.cancel();
    this.request = undefined;
  }

  /**
   * The local results of `q`. On `channel`, a newer request of the same channel supersedes this
   * one (it rejects: test with `isSuperseded`).
   */
  async local(q: SidebarQuery, channel?: string): Promise<Suggestion[]> {
    this.cancel();
    const { library } = this.deps;
    if (q.similarTo) return this.recommend(q.similarTo);
    if (q.search !== undefined) return library.search({ query: q.search, limit: this.limit }, { channel });
    return (await library.suggest({ ...q.request!, limit: q.request!.limit ?? this.limit }, { channel })).suggestions;
  }

  /** True when a search `q` has an online section to wait for. */
  goesOnline(q: SidebarQuery): boolean {
    return q.search !== undefined && this.online?.enabled === true;
  }

  /**
   * The online section of the search `q` after its `local` results: the online papers they do not
   * list, those the library holds as the library's cards (core `onlineSection`, in the worker).
   * Undefined when a newer query cancelled it; a provider's failure (reported by the
   * OnlineService) ends the section empty.
   */
  async onlineSection(q: SidebarQuery, local: Suggestion[]): Promise<Suggestion[] | undefined> {
    const online = this.online;
    if (!online || q.search === undefined) return [];
    const request = (this.request = new vscode.CancellationTokenSource());
    try {
      const { records } = await online.search(q.search, request.token, { limit: Math.min(this.limit, 10) });
      if (request.token.isCancellationRequested) return undefined;
      const section = await this.deps.library.onlineSection({
        query: q.search,
        online: records,
        shownIds: local.map((s) => s.record.id),
        floor: local.at(-1)?.score,
        limit: this.limit,
      });
      return request.token.isCancellationRequested ? undefined : section;
    } catch (err) {
      this.deps.output.appendLine(`[sidebar] online ${q.title}: ${err instanceof Error ? err.message : String(err)}`);
      return request.token.isCancellationRequested ? undefined : [];
    } finally {
      if (this.request === request) this.request = undefined;
      request.dispose();
    }
  }

  /** Semantic Scholar's recommendations for `record`, in its order, the library's papers as the library's cards. */
  private async recommend(record: PaperRecord): Promise<Suggestion[]> {
    const online = this.online;
    if (!online) return [];
    const request = (this.request = new vscode.CancellationTokenSource());
    try {
      const { records } = await online.recommend(record, request.token, { limit: Math.min(this.limit, 20) });
      const resolved = await this.deps.library.resolveOnline({ online: records });
      return resolved.map((s, i) => ({ ...s, score: resolved.length - i }));
    } finally {
      if (this.request === request) this.request = undefined;
      request.dispose();
    }
  }
}
