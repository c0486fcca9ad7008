/** Builds the sidebar's DOM from the view model. Pure construction: events are wired in main.ts. */
import type { ContentDto, OnlineSectionDto, PaperAction, PaperDto, ResultSource, StatusDto } from '../protocol';
import { h, icon } from './dom';
import { highlighted, termPattern } from './highlight';

const SOURCE_ICON: Record<ResultSource, string> = {
  paragraph: 'symbol-text',
  selection: 'selection',
  draft: 'file-text',
  search: 'search',
  similar: 'sparkle',
};

/** The header line: what the list is for. */
/** The list's header; `shown`: how many cards are shown (weak ones folded), default all. */
export function renderHeader(content: ContentDto, shown = content.kind === 'results' ? content.papers.length : 0): HTMLElement {
  const title = content.kind === 'error' ? 'Library unavailable' : content.title;
  const source = content.kind === 'error' ? undefined : content.source;
  const header = h('div', { class: 'header', attrs: { role: 'heading', 'aria-level': 2, title: title || undefined } });
  if (!title) {
    header.hidden = true;
    return header;
  }
  // "Paragraph at line 42 · Introduction": the first part in full, the rest muted and cut.
  const cut = title.indexOf(' · ');
  const text = h('span', { class: 'header-text' }, h('span', { class: 'header-main', text: cut < 0 ? title : title.slice(0, cut) }));
  if (cut >= 0) text.append(h('span', { class: 'header-detail', text: title.slice(cut) }));
  header.append(icon(source ? SOURCE_ICON[source] : 'warning', 'header-icon'), text);
  if (content.kind === 'results' && shown) {
    header.append(h('span', { class: 'header-count', text: String(shown), attrs: { 'aria-label': `${shown} papers` } }));
  }
  return header;
}

export interface CardOptions {
  expanded: boolean;
  active: boolean;
}

interface ActionSpec {
  action: PaperAction;
  icon: string;
  label: (p: PaperDto) => string;
  shown: (p: PaperDto) => boolean;
}

const ACTIONS: ActionSpec[] = [
  { action: 'insertCitation', icon: 'quote', label: (p) => `Insert citation${p.key ? ` (${p.key})` : ''}`, shown: () => true },
  { action: 'addToBibliography', icon: 'add', label: () => 'Add to .bib', shown: (p) => !p.inBibliography },
  { action: 'open', icon: 'link-external', label: (p) => `Open (${p.link})`, shown: (p) => !!p.link },
  { action: 'copyBibtex', icon: 'copy', label: () => 'Copy BibTeX', shown: () => true },
  { action: 'moreLikeThis', icon: 'sparkle', label: () => 'More like this (Semantic Scholar)', shown: (p) => !!p.similar },
];

/** One paper card. */
export function renderCard(p: PaperDto, index: number, o: CardOptions): HTMLElement {
  const pattern = termPattern(p.matchedTerms);
  const cardId = `card-${index}`;
  const card = h('div', {
    class: `card${o.expanded ? ' expanded' : ''}${o.active ? ' active' : ''}`,
    attrs: {
      id: cardId,
      role: 'listitem',
      tabindex: o.active ? 0 : -1,
      'data-id': p.id,
      'data-index': index,
      'aria-expanded': p.abstract ? String(o.expanded) : undefined,
      'aria-label': [p.title, p.authorsFull, p.year].filter(Boolean).join(', '),
    },
  });

  // One inline child: a -webkit-box (line clamp) would drop the spaces between <mark>s.
  const titleText = h('span');
  titleText.append(highlighted(p.title, pattern));
  const title = h('div', { class: 'title' }, titleText);
  const twistie = h('span', {
    class: `twistie codicon codicon-chevron-right${p.abstract ? '' : ' none'}`,
    attrs: { 'aria-hidden': 'true', 'data-toggle': p.abstract ? 'abstract' : undefined },
  });
  card.append(h('div', { class: 'card-head' }, twistie, title));

  const meta = h('div', { class: 'meta' });
  const parts: HTMLElement[] = [];
  if (p.authors) {
    parts.push(
      h('span', { class: 'authors', attrs: { title: p.authorsFull } },
        h('span', { class: 'authors-long', text: p.authors }),
        h('span', { class: 'authors-short', text: p.authorsShort })),
    );
  }
  if (p.year) parts.push(h('span', { class: 'year', text: String(p.year) }));
  if (p.venue) parts.push(h('span', { class: 'venue', text: p.venue, attrs: { title: p.venueFull } }));
  parts.forEach((el, i) => {
    if (i) meta.append(h('span', { class: 'sep', text: '·', attrs: { 'aria-hidden': 'true' } }));
    meta.append(el);
  });
  if (parts.length) card.append(meta);

  const signals = h('div', { class: 'signals' });
  const pct = Math.round(Math.max(0, Math.min(1, p.relevance)) * 100);
  const meter = h('span', {
    class: 'relevance',
    attrs: { role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': pct, 'aria-label': 'Relevance', title: `Relevance: ${pct}% of the best match` },
  }, h('span', { class: 'relevance-fill' }));
  // CSSOM, not a style attribute: the CSP has no 'unsafe-inline' for styles.
  meter.style.setProperty('--relevance', `${Math.max(pct, 4)}%`);
  signals.append(meter);
  if (p.alreadyCited) signals.append(h('span', { class: 'badge cited', text: 'cited here', attrs: { title: 'The draft already cites this paper' } }));
  if (p.inBibliography) signals.append(h('span', { class: 'badge bib', text: 'in your .bib', attrs: { title: 'This paper is in your bibliography' } }));
  if (p.online) {
    signals.append(h('span', { class: 'badge online', attrs: { title: `Found online by ${p.online}; not in your library` } }, icon('globe'), h('span', { text: p.online })));
  }

  const actions = h('div', { class: 'actions', attrs: { role: 'toolbar', 'aria-label': 'Paper actions' } });
  for (const a of ACTIONS) {
    if (!a.shown(p)) continue;
    const label = a.label(p);
    actions.append(h('button', {
      class: `action-button action-${a.action}`,
      attrs: { type: 'button', 'data-action': a.action, 'aria-label': label, title: label, tabindex: o.active ? 0 : -1 },
    }, icon(a.icon)));
  }
  signals.append(h('span', { class: 'spacer' }), actions);
  card.append(signals);

  if (p.abstract) {
    const abs = h('div', { class: 'abstract', attrs: { id: `${cardId}-abstract` } });
    abs.append(highlighted(p.abstract, pattern));
    abs.hidden = !o.expanded;
    card.append(abs);
  }
  return card;
}

/** The heading of the online part of a list: "Online · arXiv, Semantic Scholar", a spinner while pending. */
export function renderOnlineSection(section: OnlineSectionDto, count: number): HTMLElement {
  const head = h('div', { class: 'online-section', attrs: { role: 'heading', 'aria-level': 3, title: section.title } },
    icon(section.pending ? 'loading' : 'globe', section.pending ? 'spin online-section-icon' : 'online-section-icon'),
    h('span', { class: 'online-section-title', text: section.title }));
  if (section.pending) head.append(h('span', { class: 'online-section-note', text: 'Searching…', attrs: { role: 'status' } }));
  else if (!count) head.append(h('span', { class: 'online-section-note', text: 'Nothing more online' }));
  else head.append(h('span', { class: 'header-count', text: String(count), attrs: { 'aria-label': `${count} online papers` } }));
  return head;
}

/** The hover / focus preview of one paper: abstract, matched words, key. */
export function renderPreview(p: PaperDto): DocumentFragment {
  const frag = document.createDocumentFragment();
  const pattern = termPattern(p.matchedTerms);
  const abs = h('div', { class: 'preview-abstract' });
  if (p.abstract) abs.append(highlighted(p.abstract, pattern));
  else abs.append(h('span', { class: 'muted', text: 'No abstract available.' }));
  frag.append(h('div', { class: 'preview-title', text: p.title }), abs);
  const foot = h('div', { class: 'preview-foot' });
  if (p.matchedTerms.length) {
    foot.append(h('span', { class: 'preview-label', text: 'Matches' }));
    for (const t of p.matchedTerms.slice(0, 8)) foot.append(h('span', { class: 'chip', text: t }));
  }
  if (p.key) foot.append(h('span', { class: 'preview-key', text: p.key, attrs: { title: 'Citation key' } }));
  if (foot.childNodes.length) frag.append(foot);
  return frag;
}

/** Placeholder cards while the index loads or a ranking runs. */
export function renderSkeleton(): HTMLElement {
  const list = h('div', { class: 'skeleton', attrs: { 'aria-busy': 'true', 'aria-label': 'Loading papers' } });
  for (let i = 0; i < 4; i++) {
    list.append(h('div', { class: 'skeleton-card', attrs: { 'aria-hidden': 'true' } },
      h('div', { class: 'bone bone-title' }),
      h('div', { class: 'bone bone-title short' }),
      h('div', { class: 'bone bone-meta' })));
  }
  return list;
}

/** Empty and error states: an icon, a sentence, a hint and optional link-buttons. */
export function renderMessage(
  kind: 'empty' | 'error',
  iconName: string,
  message: string,
  hint?: string,
  links: { label: string; command: 'retry' | 'showLog' }[] = [],
): HTMLElement {
  const box = h('div', { class: `message message-${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } },
    icon(iconName, 'message-icon'),
    h('p', { class: 'message-text', text: message }));
  if (hint) box.append(h('p', { class: 'message-hint', text: hint }));
  if (links.length) {
    const row = h('p', { class: 'message-links' });
    links.forEach((l, i) => {
      if (i) row.append(h('span', { class: 'sep', text: '·', attrs: { 'aria-hidden': 'true' } }));
      row.append(h('button', { class: 'link-button', text: l.label, attrs: { type: 'button', 'data-command': l.command } }));
    });
    box.append(row);
  }
  return box;
}

/** The footer: index size and state. */
export function renderFooter(s: StatusDto): HTMLElement {
  const foot = h('div', { class: 'footer-inner' });
  const n = (x: number, one: string, many: string) => `${x.toLocaleString()} ${x === 1 ? one : many}`;
  if (s.state === 'loading' || s.state === 'idle') {
    foot.append(icon('loading', 'spin'), h('span', { text: s.papers ? `Updating index · ${n(s.papers, 'paper', 'papers')}` : 'Indexing papers…' }));
  } else if (s.state === 'error') {
    foot.append(icon('error'), h('span', { text: 'Index unavailable' }));
  } else {
    foot.append(icon('library'), h('span', { text: n(s.papers, 'paper', 'papers') }));
    if (s.bibliographyEntries) foot.append(h('span', { class: 'sep', text: '·', attrs: { 'aria-hidden': 'true' } }), h('span', { text: `${s.bibliographyEntries.toLocaleString()} in your .bib` }));
  }
  if (s.problems) {
    foot.append(h('span', { class: 'spacer' }), h('button', {
      class: 'link-button footer-problems',
      attrs: { type: 'button', 'data-command': 'showLog', title: 'Show the log' },
    }, icon('warning'), ` ${n(s.problems, 'problem', 'problems')}`));
  }
  return foot;
}

/** The fold of a list's weak cards: "3 more weak matches", a button that unfolds them. */
export function renderWeakFold(count: number): HTMLElement {
  const label = `${count} more weak ${count === 1 ? 'match' : 'matches'}`;
  return h('button', { class: 'weak-fold', attrs: { type: 'button', 'data-command': 'showWeak', title: 'Papers that share a single word with the text: show them' } },
    icon('chevron-down'), h('span', { text: label }));
}
