/**
 * Tells the user what each load gave: a log entry per load (per source: file, records, errors,
 * time; cache hit or build) with every located problem as `file:line: message`, and at most ONE
 * warning notification per load, only for problems not announced before. An unsaved editor's text
 * is logged but not announced (a half-typed entry is no news); its problems are announced when
 * the file is saved.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatSourceError } from '../../core/model';
import { Commands } from '../commands';
import type { Log } from '../log';
import { Disposable } from '../util/dispose';
import { counted, groupByFile, ProblemTracker, warningText } from './problems';
import type { LoadSummary, SourceSummary } from '../worker/protocol';

const SHOW_DETAILS = 'Show details';

const n = (x: number) => x.toLocaleString('en-US');

/** A file name as the user knows it: workspace-relative when inside the workspace. */
export function displayName(file: string): string {
  const rel = vscode.workspace.asRelativePath(file, false);
  return rel && rel !== file ? rel : path.basename(file);
}

function describeSource(s: SourceSummary): string {
  const how = s.ms !== undefined ? `, ${n(s.ms)} ms` : s.read ? ', read' : '';
  return `${displayName(s.file)} (${s.role}): ${counted(s.records, 'record')}, ${counted(s.errors, 'problem')}${how}`;
}

export class ProblemReporter extends Disposable {
  private readonly tracker = new ProblemTracker();
  /** Problems logged per file (as printed), so unchanged ones are summarised instead of repeated. */
  private logged = new Map<string, string>();

  constructor(
    onDidLoad: vscode.Event<LoadSummary>,
    private readonly log: Log,
  ) {
    super();
    this._register(onDidLoad((s) => this.report(s)));
  }

  report(s: LoadSummary): void {
    if (!s.changes?.unchanged) this.logLoad(s);
    if (s.kind === 'edit') return;
    const changed = this.tracker.update(s.errors, s.sources.map((x) => x.file));
    if (changed.size === 0) return;
    void vscode.window.showWarningMessage(warningText(changed, displayName), SHOW_DETAILS).then((choice) => {
      if (choice === SHOW_DETAILS) void vscode.commands.executeCommand(Commands.showOutput);
    });
  }

  private logLoad(s: LoadSummary): void {
    const what =
      s.kind === 'open'
        ? s.fromCache
          ? 'loaded the cached index'
          : 'built the index'
        : s.kind === 'reload'
          ? `re-read ${displayName(s.file ?? '')}`
          : s.kind === 'edit'
            ? `read the unsaved text of ${displayName(s.file ?? '')}`
            : s.kind === 'abstracts'
              ? 'indexed the fetched abstracts'
              : 'updated the sources';
    const changes = s.changes ? ` (+${n(s.changes.added)} −${n(s.changes.removed)} ~${n(s.changes.replaced)})` : '';
    this.log.info(
      `${what}: ${counted(s.papers, 'paper')}, ${counted(s.bibliographyEntries, 'bibliography entry', 'bibliography entries')}, ${counted(s.errors.length, 'problem')}, ${n(s.ms)} ms${changes}`,
    );
    this.log.detail(s.sources.map(describeSource));

    const logged = new Map<string, string>();
    for (const [file, list] of groupByFile(s.errors)) {
      const lines = list.map(formatSourceError);
      logged.set(file, lines.join('\n'));
      if (this.logged.get(file) !== logged.get(file)) {
        this.log.warn(`${displayName(file)}: ${list.length} problem${list.length === 1 ? '' : 's'}`);
        this.log.detail(lines);
      } else {
        this.log.detail([`${displayName(file)}: ${list.length} problem${list.length === 1 ? '' : 's'}, unchanged (listed above)`]);
      }
    }

    this.logged = logged;
  }
}
