/**
 * Citation key completion inside `\cite{…}` (any cite command, after `{` or a comma) and after
 * pandoc's `@`: every key of the user's bibliography, ordered by relevance to the paragraph being
 * written, so the paper the sentence is about comes first.
 */
import * as vscode from 'vscode';
import { citationContextAt } from '../../core/draft/scan';
import type { PaperRecord } from '../../core/model';
import { paperMarkdown } from './hoverText';
import { completionFilterText, paperLine, rankSortText } from '../paperText';
import { waitForLibrary } from '../library/ready';
import type { FeatureDeps } from '../features';

/** How long completion waits for a library that is still loading. */
const READY_WAIT_MS = 1000;
/** Pandoc's bare key syntax; other keys need `@{key}`. */
const PANDOC_BARE_KEY = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*$/u;

export function registerCompletion(deps: FeatureDeps): vscode.Disposable {
  const provider: vscode.CompletionItemProvider = {
    provideCompletionItems: (document, position, token) => provideCitationCompletions(deps, document, position, token),
  };
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider({ language: 'latex' }, provider, '{', ','),
    vscode.languages.registerCompletionItemProvider({ language: 'markdown' }, provider, '@'),
  );
}

async function provideCitationCompletions(
  deps: FeatureDeps,
  document: vscode.TextDocument,
  position: vscode.Position,
  token: vscode.CancellationToken,
): Promise<vscode.CompletionList | undefined> {
  const snapshot = deps.drafts.get(document);
  if (!snapshot) return undefined;
  if (snapshot.format !== 'latex' && snapshot.format !== 'markdown') return undefined;
  const offset = document.offsetAt(position);
  const ctx = citationContextAt(snapshot.text, offset, snapshot.format);
  if (!ctx) return undefined;

  const ready = await waitForLibrary(deps.library, READY_WAIT_MS, token);
  if (token.isCancellationRequested) return undefined;
  let records: PaperRecord[];
  try {
    records = await deps.library.bibliography({ ranking: { draft: { text: snapshot.text, format: snapshot.format }, scope: { kind: 'paragraph', offset } } });
  } catch (err) {
    deps.output.appendLine(`completion: ${String(err)}`);
    return undefined;
  }
  if (token.isCancellationRequested) return undefined;

  const start = document.positionAt(ctx.replaceStart);
  const end = document.positionAt(ctx.replaceEnd);
  const inserting = new vscode.Range(start, position);
  const range = start.line === end.line && end.isAfterOrEqual(position) ? { inserting, replacing: new vscode.Range(start, end) } : inserting;
  const bareAt = snapshot.format === 'markdown' && snapshot.text[ctx.replaceStart - 1] === '@';
  const skip = new Set(ctx.existingKeys);
  const items: vscode.CompletionItem[] = [];
  for (const record of records) {
    const key = record.key;
    if (!key || skip.has(key)) continue;
    skip.add(key);
    items.push(completionItem(record, key, items.length, range, bareAt && !PANDOC_BARE_KEY.test(key)));
  }
  const first = items[0];
  if (first) first.preselect = true;
  // Every key is returned: VS Code filters them as the user types. While the library is still
  // loading the list is marked incomplete, so VS Code asks again.
  const state = deps.library.status.state;
  return new vscode.CompletionList(items, !ready && state !== 'error');
}

function completionItem(
  record: PaperRecord,
  key: string,
  rank: number,
  range: vscode.Range | { inserting: vscode.Range; replacing: vscode.Range },
  braced: boolean,
): vscode.CompletionItem {
  const line = paperLine(record);
  const item = new vscode.CompletionItem({ label: key, description: line }, vscode.CompletionItemKind.Reference);
  item.detail = line;
  item.documentation = new vscode.MarkdownString(paperMarkdown(record));
  item.sortText = rankSortText(rank);
  item.filterText = completionFilterText({ ...record, key });
  item.range = range;
  item.insertText = braced ? `{${key}}` : key;
  return item;
}
