/**
 * Source problems where VS Code shows problems: each located error or warning of a .bib, CSL-JSON
 * or corpus file is a diagnostic on its line in the Problems panel and in the editor, kept in step
 * with every load (a fix typed into an open .bib clears it after the typing pause, before a save).
 */
import * as vscode from 'vscode';
import { isWarning, type SourceError } from '../../core/model';
import { Disposable } from '../util/dispose';
import { groupByFile } from './problems';
import type { LoadSummary } from '../worker/protocol';

export const DIAGNOSTIC_SOURCE = 'Related Work';

export class SourceDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('relatedWork'));

  constructor(onDidLoad: vscode.Event<LoadSummary>) {
    super();
    this._register(onDidLoad((s) => this.update(s.errors)));
  }

  /** Shows `errors` (every problem of the current sources), and nothing more. */
  update(errors: readonly SourceError[]): void {
    const byFile = groupByFile(errors);
    this.collection.forEach((uri) => {
      if (!byFile.has(uri.fsPath)) this.collection.delete(uri);
    });
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.file(file), list.map(toDiagnostic));
  }
}

function toDiagnostic(e: SourceError): vscode.Diagnostic {
  // Lines are 1-based in SourceError; a problem of the whole file goes on its first line. The
  // range spans the line (VS Code clamps the end to the line's length).
  const line = Math.max(0, (e.line ?? 1) - 1);
  const d = new vscode.Diagnostic(
    new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
    e.message,
    isWarning(e) ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
  );
  d.source = DIAGNOSTIC_SOURCE;
  return d;
}
