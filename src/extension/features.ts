/** What every feature is handed when it registers: the shared services, nothing global. */
import type { ExtensionContext, OutputChannel } from 'vscode';
import type { DraftTracker } from './draft/types';
import type { LibraryService } from './library/types';
import type { Settings } from './config';
import type { OnlineService } from './online/onlineService';

export interface FeatureDeps {
  context: ExtensionContext;
  library: LibraryService;
  drafts: DraftTracker;
  output: OutputChannel;
  /** The current settings (read fresh on each call). */
  settings: () => Settings;
  /** Online paper indexes (inert unless enabled): they complete entries that lack authors or a year. */
  online?: OnlineService;
}
