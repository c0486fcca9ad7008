/**
 * Related Work: Set API Key… — pick Semantic Scholar or OpenAlex, type the key (a password box);
 * it goes to VS Code's SecretStorage, never to settings or the log. An empty key removes it.
 */
import * as vscode from 'vscode';
import { Commands } from '../commands';
import { API_KEY_PROVIDERS } from './onlineConfig';
import type { OnlineService } from './onlineService';

export function registerSetApiKey(online: OnlineService): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.setApiKey, async () => {
    const items = await Promise.all(
      API_KEY_PROVIDERS.map(async (p) => ({ label: p.label, description: (await online.hasApiKey(p.id)) ? 'a key is stored' : '', id: p.id })),
    );
    const picked = await vscode.window.showQuickPick(items, { title: 'Set API Key', placeHolder: 'Which provider is the key for?' });
    if (!picked) return;
    const key = await vscode.window.showInputBox({
      title: `${picked.label} API Key`,
      prompt: 'Kept in VS Code’s secret storage, never in settings. Leave empty to remove the stored key.',
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    await online.setApiKey(picked.id, key);
    void vscode.window.showInformationMessage(
      key.trim() ? `Related Work: ${picked.label} API key stored.` : `Related Work: ${picked.label} API key removed.`,
    );
  });
}
