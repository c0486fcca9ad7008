/**
 * Choosing a paper: command arguments (a record, or a key from the sidebar) and, without one, a
 * QuickPick of the papers ranked for the paragraph at the cursor, searchable by typing.
 */
import * as vscode from 'vscode';
import type { PaperRecord } from '../../core/model';
import { citedKeysOf, type Suggestion } from '../../core/rank/rank';
import type { FeatureDeps } from '../features';
import { authorList, pickerText } from '../paperText';

/** A command argument that names a paper: a PaperRecord, a key / id, or `{ record }`. */
export type PaperArg = PaperRecord | string | { record: PaperRecord } | undefined;

function isRecord(x: unknown): x is PaperRecord {
  return typeof x === 'object' && x !== null && typeof (x as PaperRecord).title === 'string' && typeof (x as PaperRecord).origin === 'object';
}

/**
 * The record a command argument names; undefined (after telling the user) for an unknown key.
 * `undefined` when there is no argument: the caller then asks with `pickPaper`.
 */
export async function recordFromArg(deps: FeatureDeps, arg: unknown): Promise<PaperRecord | undefined> {
  if (isRecord(arg)) return arg;
  if (typeof arg === 'object' && arg !== null && isRecord((arg as { record?: unknown }).record)) {
    return (arg as { record: PaperRecord }).record;
  }
  if (typeof arg === 'string' && arg !== '') {
    const [record] = await deps.library.lookup({ keys: [arg] });
    if (!record) void vscode.window.showErrorMessage(`No paper with the key or id \`${arg}\` in the library.`);
    return record ?? undefined;
  }
  return undefined;
}

interface PaperItem extends vscode.QuickPickItem {
  record: PaperRecord;
}

function paperItem(s: Pick<Suggestion, 'record' | 'alreadyCited'>, alwaysShow = false): PaperItem {
  const r = s.record;
  const mark = r.inBibliography ? '$(book) ' : '';
  const description = [r.inBibliography && r.key ? r.key : '', r.inBibliography ? 'in your bibliography' : '', s.alreadyCited ? 'cited' : '']
    .filter(Boolean)
    .join(' · ');
  const detail = [authorList(r.authors, 4), r.year !== undefined ? String(r.year) : '', r.venue ?? ''].filter(Boolean).join(' · ');
  return { label: `${mark}${pickerText(r.title)}`, description: pickerText(description), detail: pickerText(detail), record: r, alwaysShow };
}

type Offered = Pick<Suggestion, 'record' | 'alreadyCited'>;

export interface PickOptions {
  /** The papers offered before the user types (default: those of the paragraph at the cursor). */
  initial?: () => Promise<Offered[]>;
  /** The papers for what the user typed (default: the library's search). */
  search?: (query: string) => Promise<Offered[]>;
  /** The typing pause before `search` runs (an online search should not run per keystroke). */
  searchDelayMs?: number;
  placeholder?: string;
}

/**
 * Asks for a paper: first the papers that match the paragraph at the cursor of the active draft
 * (bibliography entries marked with a book icon), then, as the user types, the library's search
 * results. Undefined when cancelled.
 */
export async function pickPaper(deps: FeatureDeps, title: string, options: PickOptions = {}): Promise<PaperRecord | undefined> {
  const initialPapers = options.initial ?? (() => initialSuggestions(deps));
  const search = options.search ?? ((query: string) => deps.library.search({ query, limit: 50 }));
  const qp = vscode.window.createQuickPick<PaperItem>();
  qp.title = title;
  qp.placeholder = options.placeholder ?? 'Papers for the paragraph at the cursor; type to search the library';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.busy = true;
  const disposables: vscode.Disposable[] = [qp];
  let initial: PaperItem[] = [];
  let searchTimer: NodeJS.Timeout | undefined;
  let generation = 0;
  let closed = false;
  try {
    const picked = new Promise<PaperRecord | undefined>((resolve) => {
      disposables.push(
        qp.onDidAccept(() => resolve(qp.selectedItems[0]?.record)),
        qp.onDidHide(() => resolve(undefined)),
        qp.onDidChangeValue((value) => {
          clearTimeout(searchTimer);
          const mine = ++generation;
          if (value.trim().length < 2) {
            qp.items = initial;
            qp.busy = false;
            return;
          }
          searchTimer = setTimeout(() => {
            qp.busy = true;
            search(value).then(
              (found) => {
                if (mine !== generation) return;
                const seen = new Set(found.map((s) => s.record.id));
                qp.items = [...found.map((s) => paperItem(s, true)), ...initial.filter((i) => !seen.has(i.record.id))];
                qp.busy = false;
              },
              () => (qp.busy = false),
            );
          }, options.searchDelayMs ?? 150);
        }),
      );
    });
    qp.show();
    // Not awaited: the user may type, or close the picker, before a slow (online) list arrives.
    initialPapers().then(
      (papers) => {
        if (closed) return;
        initial = papers.map((s) => paperItem(s));
        if (qp.value.trim().length < 2) qp.items = initial;
        qp.busy = false;
      },
      () => !closed && (qp.busy = false),
    );
    return await picked;
  } finally {
    closed = true;
    clearTimeout(searchTimer);
    for (const d of disposables) d.dispose();
  }
}

async function initialSuggestions(deps: FeatureDeps): Promise<Pick<Suggestion, 'record' | 'alreadyCited'>[]> {
  const active = deps.drafts.activeParagraph();
  const limit = Math.max(deps.settings().maxResults, 30);
  if (active?.paragraph) {
    const { text, format } = active.snapshot;
    return (await deps.library.suggest({ draft: { text, format }, scope: { kind: 'paragraph', offset: active.paragraph.start }, limit })).suggestions;
  }
  const cited = active ? citedKeysOf(active.snapshot.draft) : new Set<string>();
  const records = await deps.library.bibliography({});
  return records.slice(0, 200).map((record) => ({ record, alreadyCited: record.key !== undefined && cited.has(record.key) }));
}
