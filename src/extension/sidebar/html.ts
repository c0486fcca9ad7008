/** The sidebar's HTML shell: CSP with a fresh nonce, stylesheets, the bundled script, the initial model. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { INITIAL_STATE_ATTRIBUTE, type ViewModel } from '../../protocol';

/** Escapes text for a double-quoted HTML attribute value. */
export function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The folders the webview may load from (see WebviewOptions.localResourceRoots). */
export function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/** A complete HTML document for the sidebar, with a new nonce each call. */
export function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri, model: ViewModel): string {
  const nonce = randomBytes(16).toString('base64');
  const uri = (...p: string[]) => escapeAttribute(webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString());
  const src = webview.cspSource;
  const csp = [
    "default-src 'none'",
    `style-src ${src}`,
    `font-src ${src}`,
    `img-src ${src} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('dist', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${uri('media', 'sidebar.css')}">
<title>Related Work</title>
</head>
<body ${INITIAL_STATE_ATTRIBUTE}="${escapeAttribute(JSON.stringify(model))}">
<script nonce="${nonce}" src="${uri('dist', 'webview.js')}"></script>
</body>
</html>`;
}
