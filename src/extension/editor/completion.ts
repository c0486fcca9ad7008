/**
 * Citation key completion inside `\cite{…}` (any cite command, after `{` or a comma) and after
 * pandoc's `@`: every key of the user's bibliography, ordered by relevance to the paragraph being
 * written, so the paper the sentence is about comes first; after them, the corpus papers the
 * paragraph matches best that the .bib lacks, under the key a new entry would get. Accepting one
 * of those adds its entry as Insert Citation does (completed or previewed, never twice, one edit
 * with the key).
 */
import * as vscode from 'vscode';
import { citationContextAt } from '../../core/draft/scan';
import type { PaperRecord } from '../../core/model';
import { paperMarkdown } from './hoverText';
import { completionFilterText, paperLine, rankSortText } from '../paperText';
import { waitForLibrary } from '../library/ready';
import type { FeatureDeps } from '../features';
import { citeWithEntry } from '../cite/insertCitation';
import { trusted } from '../cite/addToBibliography';

/** How long completion waits for a library that is still loading. */
const READY_WAIT_MS = 1000;
/** Pandoc's bare key syntax; other keys need `@{key}`. */
const PANDOC_BARE_KEY = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*$/u;
/** Corpus papers offered after the bibliography's keys. */
const CORPUS_ITEMS = 8;
/** Runs after a corpus paper's key was accepted: adds its entry (internal, not in the palette). */
const ACCEPT_COMMAND = '_relatedWork.acceptPaperCompletion';

export function registerCompletion(deps: FeatureDeps): vscode.Disposable {
  const provider: vscode.CompletionItemProvider = {
    provideCompletionItems: (document, position, token) => provideCitationCompletions(deps, document, position, token),
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(ACCEPT_COMMAND, (accepted: AcceptedPaper) => acceptPaper(deps, accepted)),
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
  let others: { record: PaperRecord; key: string }[];
  try {
    const ranking = { draft: { text: snapshot.text, format: snapshot.format }, scope: { kind: 'paragraph' as const, offset, cursor: true } };
    [records, others] = await Promise.all([deps.library.bibliography({ ranking }), deps.library.papersToCite({ ranking, limit: CORPUS_ITEMS })]);
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
  const typed = snapshot.text.slice(ctx.replaceStart, offset);
  for (const { record, key } of others) {
    if (skip.has(key)) continue;
    const braced = bareAt && !PANDOC_BARE_KEY.test(key);
    const item = completionItem(record, key, items.length, range, braced);
    item.label = { label: key, description: `${paperLine(record)} · not in your .bib` };
    item.detail = `Not in your .bib: accepting adds its entry. ${paperLine(record)}`;
    item.kind = vscode.CompletionItemKind.Value;
    const accepted: AcceptedPaper = { uri: document.uri.toString(), start: ctx.replaceStart + (braced ? 1 : 0), key, typed, record };
    item.command = { title: 'Add its entry', command: ACCEPT_COMMAND, arguments: [accepted] };
    items.push(item);
  }
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

/** A corpus paper whose key completion put into a draft. */
interface AcceptedPaper {
  uri: string;
  /** Offset of the key in the draft. */
  start: number;
  key: string;
  /** What the user had typed of the key (restored when the paper is not added after all). */
  typed: string;
  record: PaperRecord;
}

/**
 * Adds the entry of a paper accepted from completion, in one edit with its key (replaced when the
 * .bib changed meanwhile and the paper got another one). When nothing is added (cancelled at the
 * preview, refused), the key goes back to what the user had typed, so no dangling key is left.
 */
async function acceptPaper(deps: FeatureDeps, accepted: AcceptedPaper): Promise<boolean> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === accepted.uri);
  if (!document) return false;
  const { start, key } = accepted;
  const isThere = () => document.getText().slice(start, start + key.length) === key;
  if (!trusted('add papers to your bibliography') || !isThere()) return false;
  const done = await citeWithEntry(deps, accepted.record, document, async (finalKey) =>
    isThere()
      ? { kind: 'edit', start, end: start + key.length, text: finalKey, version: document.version }
      : { kind: 'nothing', message: `\`${key}\` changed meanwhile; no entry was added.` },
  );
  if (done === 'failed' && isThere()) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(start), document.positionAt(start + key.length)), accepted.typed);
    await vscode.workspace.applyEdit(edit);
  }
  return done === 'applied';
}
