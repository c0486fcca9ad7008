/** Typed access to the `relatedWork.*` settings declared in package.json. */
import * as vscode from 'vscode';

export type LatexCiteCommand = 'cite' | 'citep' | 'citet' | 'parencite' | 'autocite' | 'textcite';

export interface Settings {
  bibliographyFiles: string[];
  corpusFiles: string[];
  useBundledCorpus: boolean;
  latexCiteCommand: LatexCiteCommand;
  maxResults: number;
  followCursor: boolean;
}

export const SECTION = 'relatedWork';

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    bibliographyFiles: c.get<string[]>('bibliographyFiles', []),
    corpusFiles: c.get<string[]>('corpusFiles', []),
    useBundledCorpus: c.get<boolean>('useBundledCorpus', true),
    latexCiteCommand: c.get<LatexCiteCommand>('latexCiteCommand', 'cite'),
    maxResults: Math.max(1, Math.min(100, c.get<number>('maxResults', 20))),
    followCursor: c.get<boolean>('followCursor', true),
  };
}
