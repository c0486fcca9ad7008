import { scanDraft } from './scan';
import type { DraftFormat } from './types';

/**
 * The prose of a piece of draft text, markup removed: what queries are built from.
 * Falls back to the raw text when scanning finds no paragraph (a fragment of a command, say).
 */
export function plainTextOf(text: string, format: DraftFormat): string {
  if (format === 'text') return text;
  const draft = scanDraft(text, format);
  const prose = [draft.title, draft.abstract, ...draft.paragraphs.map((p) => p.text)].filter(Boolean).join('\n');
  return prose.trim() ? prose : text;
}
