import * as vscode from 'vscode';

/** Wires the features; each one registers itself and hands back what to dispose. */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Related Work');
  context.subscriptions.push(output);
  output.appendLine(`Related Work ${context.extension.packageJSON.version} activated`);
}

export function deactivate(): void {}
