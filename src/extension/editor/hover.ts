/**
 * Hovers over citation keys (`\cite{a, b}`, any cite command, optional arguments, keys across line
 * breaks; pandoc `[@a; @b]` and `@a`): the paper's title, authors, year, venue, an abstract excerpt,
 * its links and the `file:line` of its entry. An unknown key gets the papers that best match the
 * paragraph instead.
 */
import * as vscode from 'vscode';
import type { CitationRef } from '../../core/draft/types';
import type { PaperRecord } from '../../core/model';
import { brokenEntryMarkdown, paperMarkdownParts, unknownKeyMarkdown, type SourceLink } from './hoverText';
import { waitForLibrary } from '../library/ready';
import { USE_PAPER_FOR_KEY } from './undefinedKeys';
import type { FeatureDeps } from '../features';
import type { DraftSnapshot } from '../draft/types';

const SELECTOR: vscode.DocumentSelector = [{ language: 'latex' }, { language: 'markdown' }];
/** How long a hover waits for a library that is still loading before saying so. */
const READY_WAIT_MS = 1500;

export function registerHover(deps: FeatureDeps): vscode.Disposable {
  return vscode.languages.registerHoverProvider(SELECTOR, {
    provideHover: (document, position, token) => provideCitationHover(deps, document, position, token),
  });
}

async function provideCitationHover(
  deps: FeatureDeps,
  document: vscode.TextDocument,
  position: vscode.Position,
  token: vscode.CancellationToken,
): Promise<vscode.Hover | undefined> {
  const snapshot = deps.drafts.get(document);
  if (!snapshot) return undefined;
  const offset = document.offsetAt(position);
  const ref = citationAt(snapshot.draft.citations, snapshot.text, offset);
  if (!ref) return undefined;
  const range = new vscode.Range(document.positionAt(hoverStart(ref, snapshot.text)), document.positionAt(ref.end));

  const ready = await waitForLibrary(deps.library, READY_WAIT_MS, token);
  if (token.isCancellationRequested) return undefined;
  const [record] = ready ? await deps.library.lookup({ keys: [ref.key] }) : [undefined];
  if (token.isCancellationRequested) return undefined;
  if (record) return new vscode.Hover(recordMarkdown(record), range);
  const broken = deps.library.status.errors.find((e) => e.key === ref.key && e.severity !== 'warning');
  if (broken) {
    const source = sourceLink({ origin: { kind: 'bibtex', file: broken.file, line: broken.line } });
    const md = new vscode.MarkdownString(brokenEntryMarkdown(ref.key, source!, broken.message));
    md.isTrusted = { enabledCommands: ['vscode.open'] };
    return new vscode.Hover(md, range);
  }

  const state = deps.library.status.state;
  const suggestions = state === 'ready' ? await suggestionsFor(deps, snapshot, offset, ref.key) : [];
  if (token.isCancellationRequested) return undefined;
  const use = (r: PaperRecord) => `command:${USE_PAPER_FOR_KEY}?${encodeURIComponent(JSON.stringify([document.uri.toString(), ref.start, ref.key, r.id]))}`;
  const md = new vscode.MarkdownString(
    unknownKeyMarkdown(ref.key, suggestions, state === 'ready' ? 'ready' : state === 'error' ? 'error' : 'loading', use),
  );
  // Only our own command runs from here, with the arguments we wrote (the paper strings are escaped).
  md.isTrusted = { enabledCommands: [USE_PAPER_FOR_KEY] };
  return new vscode.Hover(md, range);
}

/** The citation whose key (or pandoc `@key`) is at `offset`. */
export function citationAt(citations: readonly CitationRef[], text: string, offset: number): CitationRef | undefined {
  // Citations are in document order: a binary search would do, but a draft cites a few hundred keys.
  return citations.find((c) => c.key !== '' && hoverStart(c, text) <= offset && offset < Math.max(c.end, c.start + 1));
}

/** Where the hover range starts: the `@` / `@{` of a pandoc key, else the key itself. */
function hoverStart(ref: CitationRef, text: string): number {
  if (ref.command !== '@') return ref.start;
  if (text[ref.start - 1] === '@') return ref.start - 1;
  if (text[ref.start - 1] === '{' && text[ref.start - 2] === '@') return ref.start - 2;
  return ref.start;
}

/** Title and authors, the abstract, the links: three rows of the hover, with rules between them. */
function recordMarkdown(record: PaperRecord): vscode.MarkdownString[] {
  const source = sourceLink(record);
  const { header, abstract, links } = paperMarkdownParts(record, { source });
  const rows = [new vscode.MarkdownString(header)];
  if (abstract) rows.push(new vscode.MarkdownString(abstract));
  if (links) {
    const md = new vscode.MarkdownString(links);
    // Only the link to the entry runs a command, and only `vscode.open`.
    md.isTrusted = source ? { enabledCommands: ['vscode.open'] } : false;
    rows.push(md);
  }
  return rows;
}

/** `refs.bib:12` opening the entry, for records from the user's files (not the bundled corpus). */
function sourceLink(record: Pick<PaperRecord, 'origin'>): SourceLink | undefined {
  const { kind, file, line } = record.origin;
  if (kind === 'default' || kind === 'online' || !file) return undefined;
  const uri = vscode.Uri.file(file);
  const at = Math.max(0, (line ?? 1) - 1);
  // A plain {start, end} object: vscode.open converts `selection` with Range.from, which reads
  // `.start.line` (a serialized vscode.Range would be an array).
  const selection = { start: { line: at, character: 0 }, end: { line: at, character: 0 } };
  const args = encodeURIComponent(JSON.stringify([uri, { selection, preview: true }]));
  const label = `${vscode.workspace.asRelativePath(uri, false)}${line !== undefined ? `:${line}` : ''}`;
  return { label, target: `command:vscode.open?${args}` };
}

/** The three papers that best match the paragraph around an unknown key (the key's words help). */
async function suggestionsFor(deps: FeatureDeps, snapshot: DraftSnapshot, offset: number, key: string): Promise<PaperRecord[]> {
  // `vaswani2017attention` says who and what: its words count, with the paragraph's.
  const hint = key.replace(/[^\p{L}]+/gu, ' ').trim();
  try {
    const { suggestions } = await deps.library.suggest({
      draft: { text: snapshot.text, format: snapshot.format },
      scope: { kind: 'paragraph', offset, cursor: true },
      hint,
      limit: 3,
    });
    return suggestions.slice(0, 3).map((s) => s.record);
  } catch (err) {
    deps.output.appendLine(`hover: ranking failed: ${String(err)}`);
    return [];
  }
}
