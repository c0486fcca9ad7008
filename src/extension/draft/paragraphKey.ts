/**
 * What identifies "the paragraph at the cursor" for change notifications (no `vscode`; unit-tested):
 * the document, the paragraph's text and its section, and the keys the draft cites (the cards'
 * *cited* badges follow a citation inserted or undone). Not its offsets: typing in an earlier
 * paragraph shifts them without changing what should be suggested here.
 */
import type { ParagraphInfo, ScannedDraft } from '../../core/draft/types';

export function paragraphKey(
  active: { uri: string; paragraph: ParagraphInfo | undefined; draft: ScannedDraft } | undefined,
): string {
  if (!active) return 'none';
  const { uri, paragraph, draft } = active;
  if (!paragraph) return `${uri}\0outside`;
  const cited = [...new Set(draft.citations.map((c) => c.key))].sort().join(',');
  return `${uri}\0${draft.sections[paragraph.section]?.title ?? ''}\0${paragraph.text}\0${cited}`;
}
