/**
 * Suggestions → the plain display records the sidebar renders (src/protocol.ts). No `vscode`
 * here: pure string shortening, unit-testable.
 */
import { splitName } from '../../core/cite/bibtexEntry';
import type { PaperRecord } from '../../core/model';
import type { Suggestion } from '../../core/rank/rank';
import { isWeak } from '../../core/rank/weak';
import { stripControls } from '../../core/text/controls';
import type { PaperDto } from '../../protocol';

/** Longest abstract sent to the view (the view shows it whole, scrolled). */
const MAX_ABSTRACT = 4000;

const lastName = (name: string): string => {
  const p = splitName(name);
  return [p.von, p.last].filter(Boolean).join(' ') || name.trim();
};

/**
 * Authors by last name: "Xiao", "Xiao and Tian", "Xiao, Tian, Lewis", "Xiao, Tian, … Lewis".
 * @example shortAuthors(['Guangxuan Xiao', 'Yuandong Tian', 'Beidi Chen', 'Mike Lewis']) // 'Xiao, Tian, … Lewis'
 */
export function shortAuthors(authors: readonly string[]): string {
  const names = authors.map(lastName).filter(Boolean);
  if (names.length <= 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  if (names.length === 3) return names.join(', ');
  return `${names[0]}, ${names[1]}, … ${names[names.length - 1]}`;
}

/** "Xiao et al." / "Xiao and Tian" / "Xiao". */
export function etAl(authors: readonly string[]): string {
  const names = authors.map(lastName).filter(Boolean);
  if (names.length <= 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names[0]} et al.`;
}

const VENUES: [RegExp, string][] = [
  [/findings of the association for computational linguistics:?\s*(emnlp|acl|naacl|eacl)/i, 'Findings of $1'],
  [/transactions of the association for computational linguistics/i, 'TACL'],
  [/north american chapter of the association for computational linguistics/i, 'NAACL'],
  [/european chapter of the association for computational linguistics/i, 'EACL'],
  [/empirical methods in natural language processing/i, 'EMNLP'],
  [/annual meeting of the association for computational linguistics/i, 'ACL'],
  [/computational linguistics \(coling\)|international conference on computational linguistics/i, 'COLING'],
  [/neural information processing systems/i, 'NeurIPS'],
  [/international conference on machine learning/i, 'ICML'],
  [/international conference on learning representations/i, 'ICLR'],
  [/computer vision and pattern recognition/i, 'CVPR'],
  [/international conference on computer vision/i, 'ICCV'],
  [/european conference on computer vision/i, 'ECCV'],
  [/journal of machine learning research/i, 'JMLR'],
  [/aaai conference on artificial intelligence/i, 'AAAI'],
  [/international joint conference on artificial intelligence/i, 'IJCAI'],
  [/knowledge discovery and data mining/i, 'KDD'],
  [/research and development in information retrieval/i, 'SIGIR'],
  [/^arxiv\b/i, 'arXiv'],
];

/**
 * A venue short enough for one line: the usual acronym when known, an acronym in parentheses,
 * else the name without "Proceedings of the" cut to about 36 characters.
 * @example shortVenue('Advances in Neural Information Processing Systems') // 'NeurIPS'
 */
export function shortVenue(venue: string | undefined): string | undefined {
  const v = venue?.replace(/\s+/g, ' ').trim();
  if (!v) return undefined;
  for (const [re, short] of VENUES) {
    const m = re.exec(v);
    if (m) return short.replace('$1', (m[1] ?? '').toUpperCase());
  }
  const acronym = /\(([A-Z][A-Za-z]*[A-Z][A-Za-z-]*)(?:[ '’-]?\d{2,4})?\)/.exec(v);
  if (acronym) return acronym[1];
  const plain = v.replace(/^(proceedings of (the )?)/i, '').replace(/\b(19|20)\d{2}\b/g, '').replace(/\s+/g, ' ').trim();
  if (plain.length <= 36) return plain;
  const cut = plain.slice(0, 34);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 20)).replace(/[\s,:;–-]+$/, '')}…`;
}

/** Where Open goes, for the button's label; undefined when the record has no link. */
export function linkHost(r: Pick<PaperRecord, 'doi' | 'arxiv' | 'url'>): string | undefined {
  if (r.doi) return 'doi.org';
  if (r.arxiv) return 'arxiv.org';
  if (!r.url) return undefined;
  try {
    return new URL(r.url).host.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Suggestions as display records; relevance is relative to the best score of the list. Weak
 * cards (core/rank/weak.ts) of the library's part are marked so the view folds them.
 */
export function toPaperDtos(suggestions: readonly Suggestion[]): PaperDto[] {
  const best = Math.max(0, ...suggestions.map((s) => s.score));
  return suggestions.map((s, i) => {
    // The view sets every string as text, so markup stays inert; controls and bidi overrides
    // would still reorder or hide what is shown.
    const r = { ...s.record, title: stripControls(s.record.title), authors: s.record.authors.map(stripControls), venue: s.record.venue && stripControls(s.record.venue) };
    const venue = shortVenue(r.venue);
    const abstract = r.abstract && stripControls(r.abstract).trim();
    return {
      id: r.id,
      key: r.key && stripControls(r.key),
      title: r.title,
      authors: shortAuthors(r.authors),
      authorsShort: etAl(r.authors),
      authorsFull: r.authors.join(', '),
      year: r.year ?? undefined,
      venue,
      venueFull: r.venue && r.venue !== venue ? r.venue : undefined,
      abstract: abstract ? (abstract.length > MAX_ABSTRACT ? `${abstract.slice(0, MAX_ABSTRACT)}…` : abstract) : undefined,
      relevance: best > 0 ? s.score / best : 1,
      matchedTerms: s.matchedTerms.slice(0, 12),
      alreadyCited: s.alreadyCited,
      inBibliography: s.inBibliography,
      link: linkHost(r),
      online: r.origin.kind === 'online' ? r.origin.file : undefined,
      ...(r.origin.kind !== 'online' && isWeak(s, i, best) ? { weak: true } : {}),
    };
  });
}
