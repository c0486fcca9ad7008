import * as vscode from 'vscode';
import type { PaperRecord } from '../../core/model';
import { paperUrl } from '../paperText';

/** Opens the paper in the browser: its DOI, else its arXiv page, else its URL. */
export async function openPaper(record: PaperRecord): Promise<void> {
  const url = paperUrl(record);
  if (!url) {
    void vscode.window.showInformationMessage(`"${record.title}" has no DOI, arXiv id or URL to open.`);
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
}

