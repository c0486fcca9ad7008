/**
 * Citation keys the bibliography lacks, as LaTeX Workshop shows them: a warning on each such key
 * of an open LaTeX / Markdown draft, kept in step with the draft (after a typing pause) and with
 * the library (a key typed into the .bib clears it). The quick fix *Find papers for this
 * citation* offers the papers that match the paragraph, the key's words weighed in; choosing one
 * replaces the key by the paper's (adding the paper to the .bib when it is not there). With online
 * search on, *Add entry from online* finds the key's paper online and writes its entry under the
 * key as written.
 */
import * as vscode from 'vscode';
import type { FeatureDeps } from '../features';
import { keyQuery, orderByKey } from '../../core/cite/keyHints';
import type { PaperRecord } from '../../core/model';
import { trusted } from '../cite/addToBibliography';
import { citeWithEntry } from '../cite/insertCitation';
import { pickPaper } from '../search/pickPaper';
import { KeyedDebouncer } from '../util/debounce';
import { Disposable } from '../util/dispose';

export const UNDEFINED_KEY = 'undefined-key';
const SOURCE = 'Related Work';
const REPLACE_COMMAND = '_relatedWork.replaceCitationKey';
const ADD_FROM_ONLINE_COMMAND = '_relatedWork.addEntryFromOnline';
/** Cites a given paper in place of an unknown key (the unknown-key hover's links). */
export const USE_PAPER_FOR_KEY = '_relatedWork.usePaperForKey';
const SELECTOR: vscode.DocumentSelector = [{ language: 'latex' }, { language: 'markdown' }];

export class UndefinedKeys extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('relatedWork.keys'));
  private readonly debouncer = this._register(new KeyedDebouncer<string>(500));

  constructor(private readonly deps: FeatureDeps) {
    super();
    const later = (d: vscode.TextDocument) => this.debouncer.schedule(d.uri.toString(), () => void this.check(d));
    this._register(vscode.workspace.onDidOpenTextDocument(later));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => later(e.document)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)));
    this._register(deps.library.onDidLoad(() => this.checkAll()));
    this._register(vscode.languages.registerCodeActionsProvider(SELECTOR, { provideCodeActions: (doc, _range, ctx) => this.fixes(doc, ctx) }, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }));
    this._register(vscode.commands.registerCommand(REPLACE_COMMAND, (uri: vscode.Uri, range: vscode.Range, key: string) => this.replace(uri, range, key)));
    this._register(vscode.commands.registerCommand(ADD_FROM_ONLINE_COMMAND, (uri: vscode.Uri, range: vscode.Range, key: string) => this.addFromOnline(uri, range, key)));
    this._register(vscode.commands.registerCommand(USE_PAPER_FOR_KEY, (uri: string, start: number, key: string, id: string) => this.usePaper(uri, start, key, id)));
    this.checkAll();
  }

  private checkAll(): void {
    for (const d of vscode.workspace.textDocuments) void this.check(d);
  }

  /** Sets the warnings of `document`: its cited keys that no entry of the user's bibliography has. */
  async check(document: vscode.TextDocument): Promise<void> {
    const snapshot = this.deps.drafts.get(document);
    if (!snapshot || document.isClosed) return;
    // While the library loads (or failed) nothing is known of the keys: keep what was shown.
    if (this.deps.library.status.state !== 'ready') return;
    const version = document.version;
    const cited = snapshot.draft.citations.filter((c) => c.key !== '' && !c.incomplete);
    const keys = [...new Set(cited.map((c) => c.key))];
    const records = keys.length ? await this.deps.library.lookup({ keys }) : [];
    if (document.isClosed || document.version !== version) return; // a newer check follows
    const known = new Set(keys.filter((k, i) => records[i]?.inBibliography && records[i]?.key === k));
    const diagnostics = cited
      .filter((c) => !known.has(c.key))
      .map((c) => {
        const d = new vscode.Diagnostic(
          new vscode.Range(document.positionAt(c.start), document.positionAt(c.end)),
          `\`${c.key}\` is not in your bibliography.`,
          vscode.DiagnosticSeverity.Warning,
        );
        d.source = SOURCE;
        d.code = UNDEFINED_KEY;
        return d;
      });
    this.collection.set(document.uri, diagnostics);
  }

  private fixes(document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const online = this.deps.online?.enabled === true;
    return context.diagnostics
      .filter((d) => d.source === SOURCE && d.code === UNDEFINED_KEY)
      .flatMap((d) => {
        const key = document.getText(d.range);
        const fix = (title: string, command: string) => {
          const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [d];
          action.command = { title, command, arguments: [document.uri, d.range, key] };
          return action;
        };
        const actions = [fix('Find papers for this citation', REPLACE_COMMAND)];
        if (online) actions.push(fix('Add entry from online', ADD_FROM_ONLINE_COMMAND));
        return actions;
      });
  }

  /**
   * Looks the key up online (its words: `vaswani2017attention` → "vaswani attention"; the papers
   * whose first author, year and title words fit the key first) and writes the paper chosen to the
   * .bib under the key as the user wrote it, so the draft stays as it is. A paper the .bib holds
   * already is cited by its key instead, in place of this one.
   */
  private async addFromOnline(uri: vscode.Uri, range: vscode.Range, key: string): Promise<boolean> {
    if (!trusted('add entries')) return false;
    const online = this.deps.online;
    if (!online?.enabled) {
      void vscode.window.showInformationMessage('Turn on relatedWork.online.enabled to look citation keys up online.');
      return false;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.getText(range) !== key) return false;
    const cancel = new vscode.CancellationTokenSource();
    const found = async (query: string, ordered: boolean) => {
      const { records } = await online.search(query, cancel.token, { limit: 10 });
      // In the library's terms: a paper the .bib holds comes back as its entry (book icon, its key).
      return this.deps.library.resolveOnline({ online: ordered ? orderByKey(records, key) : records });
    };
    try {
      const record = await pickPaper(this.deps, `Add entry from online: \`${key}\``, {
        initial: () => found(keyQuery(key) || key, true),
        search: (query) => found(query, false),
        searchDelayMs: 500,
        placeholder: 'Papers found online for this key; type to search online',
      });
      if (!record) return false;
      const asKey = record.inBibliography && record.key ? record : { ...record, key };
      return await this.citeInPlace(document, range, key, asKey);
    } finally {
      cancel.cancel();
      cancel.dispose();
    }
  }

  /** Puts the key of the paper `id` in place of `key` at `start` (adding its entry when needed). */
  private async usePaper(uri: string, start: number, key: string, id: string): Promise<boolean> {
    if (!trusted('replace citation keys')) return false;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    const [record] = await this.deps.library.lookup({ keys: [id] });
    if (!document || !record) return false;
    const range = new vscode.Range(document.positionAt(start), document.positionAt(start + key.length));
    return this.citeInPlace(document, range, key, record);
  }

  /** Asks for the paper meant by `key` and puts its key in place of it. False when nothing changed. */
  private async replace(uri: vscode.Uri, range: vscode.Range, key: string): Promise<boolean> {
    if (!trusted('replace citation keys')) return false;
    const document = await vscode.workspace.openTextDocument(uri);
    const snapshot = this.deps.drafts.get(document);
    if (!snapshot || document.getText(range) !== key) return false;
    const offset = document.offsetAt(range.start);
    const record = await pickPaper(this.deps, `Papers for \`${key}\``, {
      initial: async () => {
        // The key's words ("vaswani2017attention": vaswani, attention) say what was meant, beside the paragraph.
        const draft = { text: snapshot.text, format: snapshot.format };
        const answer = await this.deps.library.suggest({ draft, scope: { kind: 'paragraph', offset, cursor: true }, hint: keyQuery(key), limit: 20 });
        return answer.suggestions;
      },
    });
    if (!record) return false;
    return this.citeInPlace(document, range, key, record);
  }

  /** The key and, for a paper the .bib lacks, its entry: one edit, one undo. */
  private async citeInPlace(document: vscode.TextDocument, range: vscode.Range, key: string, record: PaperRecord): Promise<boolean> {
    const done = await citeWithEntry(this.deps, record, document, async (newKey) => {
      const version = document.version;
      const start = document.offsetAt(range.start);
      if (document.getText(range) !== key) return { kind: 'nothing', message: `The citation \`${key}\` changed meanwhile; nothing was replaced.` };
      return { kind: 'edit', start, end: start + key.length, text: newKey, version };
    });
    return done === 'applied';
  }
}
