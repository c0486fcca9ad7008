/** Waiting, briefly, for the library's first index, so a hover or completion right after start-up works. */
import type * as vscode from 'vscode';
import type { LibraryService } from './types';

/**
 * Resolves true once the library is ready, false when it is not after `ms` milliseconds, failed,
 * or `token` was cancelled first.
 */
export async function waitForLibrary(library: LibraryService, ms: number, token?: vscode.CancellationToken): Promise<boolean> {
  const state = library.status.state;
  if (state === 'ready') return true;
  if (state === 'error') return false;
  let timer: NodeJS.Timeout | undefined;
  let sub: vscode.Disposable | undefined;
  await Promise.race([
    library.whenReady().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      sub = token?.onCancellationRequested(() => resolve());
    }),
  ]);
  clearTimeout(timer);
  sub?.dispose();
  return library.status.state === 'ready';
}
