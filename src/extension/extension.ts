/**
 * Entry point: creates the shared services and registers the features; nothing else happens here.
 *
 *   output ─ Log                         (log.ts)
 *   drafts ─ VscodeDraftTracker          (draft/draftTracker.ts)
 *   library ─ WorkerLibraryService ─ dist/corpusWorker.js   (library/libraryService.ts, worker/)
 *   sources ─ SourcesController ─▶ library.configure         (library/sources.ts)
 *   watchers ─ SourceWatchers ─▶ library.reloadFile / setOpenText   (library/watchers.ts)
 *   online ─ OnlineService ─ src/core/online (off unless relatedWork.online.enabled)  (online/onlineService.ts)
 *   status bar, problem reporter, then one module per feature: cite/ (Insert Citation, Add to
 *   Bibliography), search/ (Find Related Work, Search Papers), editor/ (hover, completion),
 *   sidebar/, online/ (Set API Key, Fetch Missing Abstracts), library/libraryCommands.ts
 */
import * as vscode from 'vscode';
import { registerAddToBibliography } from './cite/addToBibliography';
import { registerInsertCitation } from './cite/insertCitation';
import { readSettings } from './config';
import { VscodeDraftTracker } from './draft/draftTracker';
import type { DraftTracker } from './draft/types';
import { registerCompletion } from './editor/completion';
import { registerDefinition } from './editor/definition';
import { registerHover } from './editor/hover';
import { registerReferences } from './editor/references';
import { UndefinedKeys } from './editor/undefinedKeys';
import type { FeatureDeps } from './features';
import { SourceDiagnostics } from './library/diagnostics';
import { registerRebuildIndex, registerShowOutput } from './library/libraryCommands';
import { WorkerLibraryService } from './library/libraryService';
import { displayName, ProblemReporter } from './library/problemReporter';
import { SourcesController } from './library/sources';
import type { LibraryService } from './library/types';
import { SourceWatchers } from './library/watchers';
import { createOutputChannel, Log } from './log';
import { registerFetchMissingAbstracts } from './online/fetchMissingAbstracts';
import { abstractsFileIn, OnlineService } from './online/onlineService';
import { registerSetApiKey } from './online/setApiKey';
import { registerFindRelatedWork } from './search/findRelatedWork';
import { registerSearchPapers } from './search/searchPapers';
import { registerSidebar } from './sidebar/sidebarProvider';
import { LibraryStatusBar } from './statusBar';

/** What activate() returns: the services, for other extensions and the integration tests. */
export interface RelatedWorkApi {
  library: LibraryService;
  drafts: DraftTracker;
  /** Online paper indexes; inert unless `relatedWork.online.enabled` and the workspace is trusted. */
  online: OnlineService;
}

export function activate(context: vscode.ExtensionContext): RelatedWorkApi {
  const push = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };

  const output = push(createOutputChannel());
  const log = new Log(output);
  log.info(`Related Work ${context.extension.packageJSON.version} activated`);
  const settings = () => readSettings();

  const onlineDir = vscode.Uri.joinPath(context.globalStorageUri, 'online').fsPath;
  const drafts = push(new VscodeDraftTracker({ followCursor: () => settings().followCursor }));
  const library = push(
    new WorkerLibraryService({
      workerScript: context.asAbsolutePath('dist/corpusWorker.js'),
      cacheDir: vscode.Uri.joinPath(context.globalStorageUri, 'index').fsPath,
      abstractsFile: abstractsFileIn(onlineDir),
      log,
    }),
  );
  push(new ProblemReporter(library.onDidLoad, log));
  push(new SourceDiagnostics(library.onDidLoad));
  push(new LibraryStatusBar(library, displayName));

  const sources = push(
    new SourcesController({
      library,
      activeDraft: () => drafts.activeEditor?.document,
      onDidChangeActiveDraft: drafts.onDidChangeActiveEditor,
      settings,
      bundledCorpus: context.asAbsolutePath('data/default-corpus.jsonl'),
      log,
    }),
  );
  push(new SourceWatchers(library, sources.onDidChangeSources));
  const online = push(
    new OnlineService({
      secrets: context.secrets,
      storageDir: onlineDir,
      version: String(context.extension.packageJSON.version),
      log,
      settings: () => settings().online,
    }),
  );

  const deps: FeatureDeps = { context, library, drafts, output, settings, online };
  push(registerShowOutput(deps));
  push(registerRebuildIndex(deps));

  // ---- Features (the sidebar, Find Related Work and Search Papers; hovers, completion, ----------
  // ---- Insert Citation, Add to Bibliography) ---------------------------------------------------
  const sidebar = push(registerSidebar(deps, online));
  push(registerFindRelatedWork(deps, sidebar));
  push(registerSearchPapers(deps, online));
  push(registerHover(deps));
  push(registerDefinition(deps));
  push(registerReferences(deps));
  push(new UndefinedKeys(deps));
  push(registerCompletion(deps));
  push(registerInsertCitation(deps));
  push(registerAddToBibliography(deps));
  push(registerSetApiKey(online));
  push(registerFetchMissingAbstracts(deps, online));
  // ----------------------------------------------------------------------------------------------

  void sources.update();
  return { library, drafts, online };
}

export function deactivate(): void {}
