/**
 * The status bar item: "$(book) 12,345 papers" (a spinner while indexing, a warning sign when
 * some source has problems); its tooltip lists the sources; clicking opens the sidebar.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SIDEBAR_VIEW_ID } from './commands';
import type { LibraryService, LibraryStatus } from './library/types';
import { counted } from './library/problems';
import { Disposable } from './util/dispose';

const n = (x: number) => x.toLocaleString('en-US');

/** Text and tooltip for a status (pure; exported for tests). */
export function statusBarContent(s: LibraryStatus, name: (file: string) => string = path.basename): { text: string; tooltip: string } {
  const problems = s.errors.length;
  const lines: string[] = [];
  if (s.state === 'error') lines.push(`**Related Work**: ${s.message ?? 'the index could not be loaded'}`, '');
  for (const src of s.sources ?? []) {
    const role = src.role === 'default' ? 'bundled corpus' : src.role;
    lines.push(`- ${name(src.file)} (${role}): ${counted(src.records, 'paper')}${src.errors ? `, ${counted(src.errors, 'problem')}` : ''}`);
  }
  if (s.state !== 'idle') {
    lines.push(
      '',
      `${counted(s.papers, 'paper')} after de-duplication, ${n(s.bibliographyEntries)} in your bibliography${s.fromCache ? ' (cached index)' : ''}.`,
    );
  }
  if (problems) lines.push(`${counted(problems, 'problem')}: see *Related Work: Show Log*.`);
  lines.push('', 'Click to open the Related Work sidebar.');

  let text: string;
  if (s.state === 'loading') text = '$(sync~spin) Related Work: indexing…';
  else if (s.state === 'error') text = '$(error) Related Work';
  else if (s.state === 'idle') text = '$(book) Related Work';
  else text = `${problems ? '$(warning)' : '$(book)'} ${n(s.papers)} papers`;
  return { text, tooltip: lines.join('\n') };
}

export class LibraryStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(
    private readonly library: LibraryService,
    private readonly name: (file: string) => string,
  ) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('relatedWork.status', vscode.StatusBarAlignment.Right, 100));
    this.item.name = 'Related Work';
    this.item.command = `${SIDEBAR_VIEW_ID}.focus`;
    this._register(library.onDidChangeStatus(() => this.update()));
    this.update();
    this.item.show();
  }

  private update(): void {
    const status = this.library.status;
    const { text, tooltip } = statusBarContent(status, this.name);
    this.item.text = text;
    const md = new vscode.MarkdownString(tooltip);
    md.supportThemeIcons = true;
    this.item.tooltip = md;
    this.item.backgroundColor =
      status.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }
}
