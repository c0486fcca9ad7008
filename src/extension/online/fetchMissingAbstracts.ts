/**
 * Related Work: Fetch Missing Abstracts — for bibliography entries with a DOI or arXiv id and no
 * abstract, asks Semantic Scholar's batch endpoint (cancellable, with progress). The abstracts go
 * to the extension's cache (`OnlineService.abstracts`), never into the user's .bib files.
 */
import * as vscode from 'vscode';
import { enrichAbstracts, enrichKey, type EnrichResult } from '../../core/online/enrich';
import { isAbortError } from '../../core/online/clock';
import { errorLine } from '../../core/online/http';
import { Commands } from '../commands';
import type { FeatureDeps } from '../features';
import { enrichSummary } from './onlineConfig';
import { abortSignalOf, type OnlineService } from './onlineService';

/** As the CLI's default for enrich (`--timeout 300`). */
const ABSTRACTS_BUDGET_MS = 300_000;

export function registerFetchMissingAbstracts(deps: FeatureDeps, online: OnlineService): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.fetchMissingAbstracts, () => fetchMissingAbstracts(deps, online));
}

async function fetchMissingAbstracts(deps: FeatureDeps, online: OnlineService): Promise<EnrichResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Related Work does not go online in Restricted Mode. Trust this workspace to fetch abstracts.');
    return undefined;
  }
  const s2 = await online.semanticScholar();
  if (!s2) {
    const open = 'Open Settings';
    const answer = await vscode.window.showInformationMessage(
      'Fetch Missing Abstracts asks Semantic Scholar: turn on "relatedWork.online.enabled" and keep "s2" in "relatedWork.online.providers".',
      open,
    );
    if (answer === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'relatedWork.online');
    return undefined;
  }
  await deps.library.whenReady();
  const records = (await deps.library.bibliography({})).filter((r) => enrichKey(r) && !r.abstract?.trim());
  if (records.length === 0) {
    void vscode.window.showInformationMessage(`Related Work: ${enrichSummary({ candidates: 0, fetched: 0, withoutAbstract: 0, unknown: 0 })}`);
    return undefined;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Fetching ${records.length} missing abstracts from Semantic Scholar`, cancellable: true },
    async (_progress, token) => {
      const abort = abortSignalOf(token);
      try {
        const notices: string[] = [];
        const deadline = (await online.http()).deadline(ABSTRACTS_BUDGET_MS);
        const result = await enrichAbstracts(records, s2, { signal: abort.signal, store: online.abstracts, notice: (m) => notices.push(m), deadline });
        for (const message of notices) online.note('abstracts', { provider: s2.name, message });
        const told = notices.length ? ` ${s2.name}: ${notices.join('; ')}.` : '';
        void vscode.window.showInformationMessage(`Related Work: ${enrichSummary(result)}${told}`);
        // Only the records the new abstracts fill are re-indexed (in the worker), not the library.
        if (result.fetched > 0) void deps.library.reloadAbstracts().catch(() => undefined);
        return result;
      } catch (err) {
        if (token.isCancellationRequested || isAbortError(err)) {
          void vscode.window.showInformationMessage('Related Work: Fetch Missing Abstracts cancelled.');
        } else {
          online.report([{ provider: s2.name, message: errorLine(err) }], 'abstracts', { once: false });
        }
        return undefined;
      } finally {
        abort.dispose();
      }
    },
  );
}
