/**
 * Related Work: Search Papers… — a QuickPick over the library with live, ranked results.
 * Enter inserts a citation into the last active draft editor; item buttons open the paper or
 * copy its BibTeX.
 *
 * With `relatedWork.online.enabled` (and a trusted workspace), once the local results are shown
 * the same query goes to the online providers; their papers that the local results do not hold
 * follow under a separator ("Online · arXiv, Semantic Scholar"), marked $(globe). A new query
 * cancels the online request of the previous one. Citing an online paper adds its BibTeX entry
 * to the user's .bib first, like any paper that is not in the bibliography.
 */
import * as vscode from 'vscode';
import type { PaperRecord } from '../../core/model';
import type { Suggestion } from '../../core/rank/rank';
import { copyBibtex } from '../cite/addToBibliography';
import { insertCitation } from '../cite/insertCitation';
import { Commands } from '../commands';
import type { FeatureDeps } from '../features';
import { isSuperseded } from '../library/types';
import { onlineSectionLabel } from '../online/onlineConfig';
import type { OnlineService } from '../online/onlineService';
import { openPaper } from './openPaper';
import { pickerText } from '../paperText';
import { linkHost, shortAuthors } from '../sidebar/format';

const DEBOUNCE_MS = 150;
const DETAIL_CHARS = 200;
const CHANNEL = 'searchPapers';

interface PaperItem extends vscode.QuickPickItem {
  record: PaperRecord;
}

/** A paper, or the separator above the online results (no record). */
type Item = PaperItem | (vscode.QuickPickItem & { record?: undefined });

const INSERT: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('quote'), tooltip: 'Insert citation' };
const OPEN: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: 'Open paper' };
const COPY: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy BibTeX' };

export function registerSearchPapers(deps: FeatureDeps, online?: OnlineService): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.searchPapers, (initial?: unknown) =>
    searchPapers(deps, online, typeof initial === 'string' ? initial : ''),
  );
}

/** "Xiao, Tian, … Lewis · 2024", with the .bib / cited marks first. */
function describe(s: Suggestion): string {
  const r = s.record;
  const parts = [shortAuthors(r.authors), r.year ? String(r.year) : r.venue ?? ''].filter(Boolean);
  const marks = [s.inBibliography ? '$(check) in .bib' : '', s.alreadyCited ? '$(quote) cited' : ''].filter(Boolean);
  return [...marks, pickerText(parts.join(' · '))].filter(Boolean).join('  ');
}

function excerpt(text: string | undefined): string | undefined {
  const t = text === undefined ? undefined : pickerText(text);
  if (!t) return undefined;
  if (t.length <= DETAIL_CHARS) return t;
  const cut = t.slice(0, DETAIL_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), DETAIL_CHARS - 30))}…`;
}

export function toItem(s: Suggestion): PaperItem {
  const r = s.record;
  return {
    record: r,
    label: pickerText(r.title),
    description: describe(s),
    detail: excerpt(r.abstract),
    // Our ranking decides what is shown; VS Code's label filter must not hide results.
    alwaysShow: true,
    buttons: linkHost(r) ? [INSERT, OPEN, COPY] : [INSERT, COPY],
  };
}

/** An online paper: globe-marked, with the provider that found it. */
export function toOnlineItem(s: Suggestion): PaperItem {
  const item = toItem(s);
  const r = s.record;
  const parts = [r.origin.file, shortAuthors(r.authors), r.year ? String(r.year) : r.venue ?? ''].filter(Boolean);
  return { ...item, label: `$(globe) ${pickerText(r.title)}`, description: pickerText(parts.join(' · ')) };
}

async function searchPapers(deps: FeatureDeps, online: OnlineService | undefined, initial: string): Promise<void> {
  // Remember the draft to cite into before the QuickPick takes the focus.
  const editor = deps.drafts.activeEditor;
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = 'Search Papers';
  qp.placeholder = 'Search by title, abstract, author or key; Enter inserts a citation';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.keepScrollPosition = true;
  // Keep our ranking order instead of re-sorting by label matches. `sortByLabel` is proposed API
  // (quickPickSortByLabel); VS Code 1.139 honours it and older hosts ignore an unknown property.
  try {
    (qp as unknown as { sortByLabel: boolean }).sortByLabel = false;
  } catch {
    /* not settable on this host */
  }

  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The online request of the current query, cancelled as soon as the query changes. */
  let onlineRequest: vscode.CancellationTokenSource | undefined;
  const cancelOnline = () => {
    onlineRequest?.cancel();
    onlineRequest?.dispose();
    onlineRequest = undefined;
  };
  const disposables: vscode.Disposable[] = [];
  const finished = new Promise<void>((resolve) => disposables.push(qp.onDidHide(() => resolve())));

  /** Online results for `q`, appended under a separator once they arrive (if still current). */
  const runOnline = async (mine: number, q: string, local: Suggestion[]) => {
    if (!online?.enabled) return;
    cancelOnline();
    const request = (onlineRequest = new vscode.CancellationTokenSource());
    qp.busy = true;
    try {
      const limit = deps.settings().maxResults;
      const result = await online.search(q, request.token, { limit: Math.min(limit, 10) });
      if (mine !== seq || request.token.isCancellationRequested || result.records.length === 0) return;
      const merged = await deps.library.onlineSection({ query: q, online: result.records, shownIds: local.map((s) => s.record.id), floor: local.at(-1)?.score, limit });
      if (mine !== seq || request.token.isCancellationRequested || merged.length === 0) return;
      const active = qp.activeItems[0]?.record?.id;
      const separator: Item = { label: onlineSectionLabel(online.providerIds), kind: vscode.QuickPickItemKind.Separator };
      // A paper the library holds is the library's item even here (its key, no globe).
      const items: Item[] = [...local.map(toItem), separator, ...merged.map((s) => (s.record.origin.kind === 'online' ? toOnlineItem(s) : toItem(s)))];
      qp.items = items;
      const keep = active ? items.find((i) => i.record?.id === active) : undefined;
      if (keep) qp.activeItems = [keep];
    } catch (err) {
      deps.output.appendLine(`[searchPapers] online: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      if (mine === seq) qp.busy = false;
      if (onlineRequest === request) cancelOnline();
    }
  };

  const run = async (query: string) => {
    const mine = ++seq;
    const q = query.trim();
    if (!q) {
      // Before anything is typed: the papers for the paragraph at the cursor, as in the sidebar.
      qp.busy = false;
      qp.items = [];
      const active = deps.drafts.activeParagraph();
      if (!active?.paragraph) return;
      const { text, format } = active.snapshot;
      try {
        const answer = await deps.library.suggest({ draft: { text, format }, scope: { kind: 'paragraph', offset: active.paragraph.start }, limit: deps.settings().maxResults }, { channel: CHANNEL });
        if (mine === seq) qp.items = answer.suggestions.map(toItem);
      } catch (err) {
        if (!isSuperseded(err)) deps.output.appendLine(`[searchPapers] paragraph: ${err instanceof Error ? err.message : String(err)}`);
      }
      return;
    }
    qp.busy = true;
    try {
      await deps.library.whenReady();
      const results = await deps.library.search({ query: q, limit: deps.settings().maxResults }, { channel: CHANNEL });
      if (mine !== seq) return; // a newer query is on its way
      qp.items = results.map(toItem);
      void runOnline(mine, q, results);
    } catch (err) {
      if (isSuperseded(err) || mine !== seq) return;
      deps.output.appendLine(`[searchPapers] ${q}: ${err instanceof Error ? err.message : String(err)}`);
      qp.items = [];
      qp.placeholder = `Search failed: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      if (mine === seq && !onlineRequest) qp.busy = false;
    }
  };

  disposables.push(
    qp.onDidChangeValue((value) => {
      clearTimeout(timer);
      cancelOnline();
      qp.busy = !!value.trim();
      timer = setTimeout(() => void run(value), DEBOUNCE_MS);
    }),
    qp.onDidAccept(async () => {
      const item = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!item?.record) return;
      qp.hide();
      await act(deps, 'insert', item.record, editor);
    }),
    qp.onDidTriggerItemButton(async ({ button, item }) => {
      if (!item.record) return;
      if (button === INSERT) {
        qp.hide();
        await act(deps, 'insert', item.record, editor);
      } else if (button === OPEN) {
        await act(deps, 'open', item.record, editor);
      } else if (button === COPY) {
        await act(deps, 'copy', item.record, editor);
      }
    }),
  );

  qp.value = initial;
  qp.show();
  void run(initial);
  try {
    await finished;
  } finally {
    clearTimeout(timer);
    cancelOnline();
    seq++;
    disposables.forEach((d) => d.dispose());
    qp.dispose();
  }
}

async function act(deps: FeatureDeps, what: 'insert' | 'open' | 'copy', record: PaperRecord, editor: vscode.TextEditor | undefined): Promise<void> {
  try {
    if (what === 'insert') await insertCitation(deps, record, editor);
    else if (what === 'open') await openPaper(record);
    else {
      await copyBibtex(deps, record);
      void vscode.window.setStatusBarMessage('$(check) BibTeX copied', 2500);
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    deps.output.appendLine(`[searchPapers] ${what} ${record.id}: ${message}`);
    void vscode.window.showErrorMessage(`Related Work: ${message}`);
  }
}
