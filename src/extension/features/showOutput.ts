/** `Related Work: Show Log`: shows the output channel. */
import * as vscode from 'vscode';
import { Commands } from '../commands';
import type { FeatureDeps } from '../features';

export function registerShowOutput({ output }: Pick<FeatureDeps, 'output'>): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.showOutput, () => output.show(true));
}
