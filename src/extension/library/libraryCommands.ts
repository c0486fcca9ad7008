/** The library's own commands: Rebuild Index and Show Log. */
import * as vscode from 'vscode';
import { Commands } from '../commands';
import type { FeatureDeps } from '../features';

/** `Related Work: Rebuild Index`: drops the cached index and builds anew (with a progress notification). */
export function registerRebuildIndex({ library }: Pick<FeatureDeps, 'library'>): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.rebuildIndex, async () => {
    await library.rebuild();
    const s = library.status;
    if (s.state === 'error') void vscode.window.showErrorMessage(`Related Work: rebuilding the index failed: ${s.message ?? 'unknown error'}`);
  });
}

/** `Related Work: Show Log`: shows the output channel. */
export function registerShowOutput({ output }: Pick<FeatureDeps, 'output'>): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.showOutput, () => output.show(true));
}
