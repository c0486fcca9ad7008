/**
 * The Related Work sidebar script. Renders the model the extension sends (src/protocol.ts) and
 * reports searches and card actions back. Keeps its UI state (query, expanded cards, focus,
 * scroll) with vscode.setState, so hiding the view loses nothing.
 */
import { INITIAL_STATE_ATTRIBUTE, type FromWebview, type PaperAction, type PaperDto, type ToWebview, type ViewModel } from '../protocol';
import { h, icon } from './dom';
import { renderCard, renderFooter, renderHeader, renderMessage, renderOnlineSection, renderPreview, renderSkeleton, renderWeakFold } from './render';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  model?: ViewModel;
  query: string;
  expanded: string[];
  activeId?: string;
  scrollTop: number;
  /** The weak cards of the list shown are unfolded. */
  showWeak?: boolean;
}

const SEARCH_DEBOUNCE_MS = 250;
const PREVIEW_DELAY_MS = 350;

const vscode = acquireVsCodeApi();
const saved = vscode.getState();
const state: SavedState = {
  model: saved?.model ?? readInitialModel(),
  query: saved?.query ?? '',
  expanded: saved?.expanded ?? [],
  activeId: saved?.activeId,
  scrollTop: saved?.scrollTop ?? 0,
};
const post = (m: FromWebview) => vscode.postMessage(m);
const save = () => vscode.setState(state);

function readInitialModel(): ViewModel | undefined {
  const raw = document.body.getAttribute(INITIAL_STATE_ATTRIBUTE);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as ViewModel;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Static layout

const input = h('input', {
  class: 'search-input',
  attrs: { type: 'text', placeholder: 'Search papers (press / to focus)', 'aria-label': 'Search papers', spellcheck: 'false', autocomplete: 'off' },
});
const clearButton = h('button', { class: 'search-clear action-button', attrs: { type: 'button', 'aria-label': 'Clear search', title: 'Clear search (Escape)' } }, icon('close'));
const searchBox = h('div', { class: 'search' }, icon('search', 'search-icon'), input, clearButton);
const headerSlot = h('div', { class: 'header-slot' });
const notice = h('div', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
const content = h('div', { class: 'content', attrs: { id: 'content' } });
const footer = h('div', { class: 'footer' });
const preview = h('div', { class: 'preview', attrs: { id: 'preview', role: 'tooltip' } });
preview.hidden = true;
document.body.append(h('div', { class: 'top' }, searchBox, headerSlot, notice), content, footer, preview);
input.value = state.query;
clearButton.hidden = !state.query;

// ---------------------------------------------------------------------------------------------
// Rendering

let papers: PaperDto[] = [];
let list: HTMLElement | undefined;

function render(): void {
  const model = state.model;
  hidePreview();
  if (!model) {
    headerSlot.replaceChildren();
    content.replaceChildren(renderSkeleton());
    footer.replaceChildren();
    return;
  }
  const c = model.content;
  const all = c.kind === 'results' ? c.papers : [];
  // Weak cards are folded until unfolded; the online section starts that many cards earlier.
  const folded = state.showWeak ? [] : all.filter((p) => p.weak);
  papers = folded.length ? all.filter((p) => !p.weak) : all;
  headerSlot.replaceChildren(renderHeader(c, papers.length));
  footer.replaceChildren(renderFooter(model.status));
  list = undefined;
  if (c.kind === 'loading') {
    content.replaceChildren(renderSkeleton());
  } else if (c.kind === 'error') {
    content.replaceChildren(renderMessage('error', 'error', c.message, 'The library could not be loaded.', [
      { label: 'Retry', command: 'retry' },
      { label: 'Show log', command: 'showLog' },
    ]));
  } else if (c.kind === 'empty') {
    content.replaceChildren(renderMessage('empty', c.source === 'search' || c.title ? 'search-stop' : 'book', c.message, c.hint));
  } else if (!papers.length && !c.online) {
    content.replaceChildren(renderMessage('empty', 'search-stop', 'No matching papers'));
  } else {
    if (papers.length && !papers.some((p) => p.id === state.activeId)) state.activeId = papers[0]!.id;
    const expanded = new Set(state.expanded);
    const online = c.online && { ...c.online, from: c.online.from - folded.length };
    list = h('div', { class: 'list', attrs: { role: 'list', 'aria-label': c.title } });
    const localEnd = online ? online.from : papers.length;
    papers.forEach((p, i) => {
      if (i === localEnd && folded.length) list!.append(renderWeakFold(folded.length));
      if (online && i === online.from) list!.append(renderOnlineSection(online, papers.length - online.from));
      list!.append(renderCard(p, i, { expanded: expanded.has(p.id), active: p.id === state.activeId }));
    });
    if (localEnd >= papers.length && folded.length) list.append(renderWeakFold(folded.length));
    if (online && online.from >= papers.length) list.append(renderOnlineSection(online, 0));
    content.replaceChildren(list);
  }
  save();
}

/** Highest revision received from this extension host (not saved: a reloaded window starts again at 1). */
let revision = 0;

function onModel(model: ViewModel): void {
  if (model.revision <= revision) return;
  revision = model.revision;
  const sameList = sameIds(state.model, model);
  if (!sameList) state.showWeak = false;
  const hadFocus = list?.contains(document.activeElement) ?? false;
  state.model = model;
  // The extension moved on (Find Related Work, a cleared search): follow it unless the user is mid-typing.
  if (searchTimer === undefined && model.query !== state.query) {
    state.query = model.query;
    input.value = model.query;
    clearButton.hidden = !model.query;
  }
  const scroll = content.scrollTop;
  render();
  if (sameList) content.scrollTop = scroll;
  else content.scrollTop = 0;
  if (hadFocus) activeCard()?.focus({ preventScroll: sameList });
}

function sameIds(a: ViewModel | undefined, b: ViewModel): boolean {
  if (a?.content.kind !== 'results' || b.content.kind !== 'results') return false;
  const x = a.content.papers;
  const y = b.content.papers;
  return x.length === y.length && x.every((p, i) => p.id === y[i]!.id);
}

// ---------------------------------------------------------------------------------------------
// Cards: focus, expansion, actions

const cards = (): HTMLElement[] => (list ? [...list.querySelectorAll<HTMLElement>(':scope > .card')] : []);
const cardOf = (el: EventTarget | null): HTMLElement | undefined =>
  el instanceof Element ? (el.closest('.card') as HTMLElement | null) ?? undefined : undefined;
const paperOf = (card: HTMLElement): PaperDto | undefined => papers[Number(card.dataset.index)];
const activeCard = (): HTMLElement | undefined => cards().find((c) => c.dataset.id === state.activeId);

function setActive(card: HTMLElement, focus: boolean): void {
  for (const c of cards()) {
    const on = c === card;
    c.classList.toggle('active', on);
    c.tabIndex = on ? 0 : -1;
    for (const b of c.querySelectorAll<HTMLButtonElement>('.action-button')) b.tabIndex = on ? 0 : -1;
  }
  state.activeId = card.dataset.id;
  save();
  if (focus) {
    card.focus();
    card.scrollIntoView({ block: 'nearest' });
  }
}

function toggle(card: HTMLElement, open?: boolean): void {
  const abs = card.querySelector<HTMLElement>('.abstract');
  if (!abs) return;
  const show = open ?? abs.hidden;
  abs.hidden = !show;
  card.classList.toggle('expanded', show);
  card.setAttribute('aria-expanded', String(show));
  const id = card.dataset.id!;
  state.expanded = state.expanded.filter((x) => x !== id);
  if (show) state.expanded.push(id);
  save();
  hidePreview();
}

function act(card: HTMLElement, action: PaperAction): void {
  const id = card.dataset.id;
  if (id) post({ type: 'action', action, id });
}

content.addEventListener('click', (e) => {
  const target = e.target as Element;
  const command = target.closest<HTMLElement>('[data-command]')?.dataset.command;
  if (command === 'retry' || command === 'showLog') {
    post({ type: command });
    return;
  }
  if (command === 'showWeak') {
    state.showWeak = true;
    render();
    return;
  }
  const card = cardOf(target);
  if (!card) return;
  const button = target.closest<HTMLElement>('[data-action]');
  setActive(card, !button);
  if (button) act(card, button.dataset.action as PaperAction);
  else if (!window.getSelection()?.toString()) toggle(card);
});

footer.addEventListener('click', (e) => {
  if ((e.target as Element).closest('[data-command="showLog"]')) post({ type: 'showLog' });
});

content.addEventListener('focusin', (e) => {
  const card = cardOf(e.target);
  if (!card) return;
  if (card.dataset.id !== state.activeId) setActive(card, false);
  if (e.target === card && keyboardMode) schedulePreview(card, 0);
});
content.addEventListener('focusout', (e) => {
  if (!cardOf(e.relatedTarget)) hidePreview();
});

content.addEventListener('keydown', (e) => {
  const card = cardOf(e.target);
  if (!card) return;
  const onButton = (e.target as Element).closest('button') !== null;
  const all = cards();
  const i = all.indexOf(card);
  const move = (j: number) => {
    const next = all[Math.max(0, Math.min(all.length - 1, j))];
    if (next) setActive(next, true);
  };
  switch (e.key) {
    case 'ArrowDown': move(i + 1); break;
    case 'ArrowUp': if (i === 0) input.focus(); else move(i - 1); break;
    case 'Home': move(0); break;
    case 'End': move(all.length - 1); break;
    case 'PageDown': move(i + 5); break;
    case 'PageUp': move(i - 5); break;
    case 'Enter':
      if (onButton) return; // the button's own click
      act(card, 'insertCitation');
      break;
    case ' ':
      if (onButton) return;
      toggle(card);
      break;
    case 'ArrowRight': toggle(card, true); break;
    case 'ArrowLeft': toggle(card, false); break;
    case 'Escape': hidePreview(); break;
    default: return;
  }
  e.preventDefault();
  e.stopPropagation();
});

// ---------------------------------------------------------------------------------------------
// Abstract preview (hover or keyboard focus)

let keyboardMode = false;
let previewTimer: ReturnType<typeof setTimeout> | undefined;
let hideTimer: ReturnType<typeof setTimeout> | undefined;
let previewFor: HTMLElement | undefined;
window.addEventListener('keydown', () => (keyboardMode = true), true);
window.addEventListener('mousedown', () => (keyboardMode = false), true);

function schedulePreview(card: HTMLElement, delay = PREVIEW_DELAY_MS): void {
  clearTimeout(previewTimer);
  clearTimeout(hideTimer);
  if (previewFor === card && !preview.hidden) return;
  previewTimer = setTimeout(() => showPreview(card), delay);
}

function showPreview(card: HTMLElement): void {
  const p = paperOf(card);
  if (!p || card.classList.contains('expanded') || !card.isConnected) return hidePreview();
  preview.replaceChildren(renderPreview(p));
  preview.hidden = false;
  previewFor = card;
  card.setAttribute('aria-describedby', 'preview');
  // Below the card, or above when there is more room there; same width as the card.
  const r = card.getBoundingClientRect();
  const margin = 6;
  preview.style.left = `${r.left}px`;
  preview.style.width = `${r.width}px`;
  const below = window.innerHeight - r.bottom - margin * 2;
  const above = r.top - margin * 2;
  const placeBelow = below >= 160 || below >= above;
  const cap = Math.max(180, Math.round(window.innerHeight * 0.55));
  preview.style.maxHeight = `${Math.min(cap, Math.max(96, placeBelow ? below : above))}px`;
  preview.classList.toggle('above', !placeBelow);
  if (placeBelow) {
    preview.style.top = `${r.bottom + 2}px`;
    preview.style.bottom = '';
  } else {
    preview.style.top = '';
    preview.style.bottom = `${window.innerHeight - r.top + 2}px`;
  }
}

function hidePreview(): void {
  clearTimeout(previewTimer);
  clearTimeout(hideTimer);
  preview.hidden = true;
  previewFor?.removeAttribute('aria-describedby');
  previewFor = undefined;
}

function scheduleHide(): void {
  clearTimeout(previewTimer);
  clearTimeout(hideTimer);
  hideTimer = setTimeout(hidePreview, 150);
}

content.addEventListener('mouseover', (e) => {
  const card = cardOf(e.target);
  if (card) schedulePreview(card);
  else scheduleHide();
});
content.addEventListener('mouseleave', scheduleHide);
preview.addEventListener('mouseenter', () => clearTimeout(hideTimer));
preview.addEventListener('mouseleave', scheduleHide);
content.addEventListener('scroll', () => {
  hidePreview();
  state.scrollTop = content.scrollTop;
  save();
}, { passive: true });

// ---------------------------------------------------------------------------------------------
// Search box

let searchTimer: ReturnType<typeof setTimeout> | undefined;

function sendSearch(): void {
  clearTimeout(searchTimer);
  searchTimer = undefined;
  const query = input.value.trim();
  if (query === state.query.trim() && state.model?.query === query) return;
  state.query = input.value;
  save();
  post({ type: 'search', query });
}

input.addEventListener('input', () => {
  clearButton.hidden = !input.value;
  clearTimeout(searchTimer);
  searchTimer = setTimeout(sendSearch, SEARCH_DEBOUNCE_MS);
});
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    sendSearch();
  } else if (e.key === 'Escape' && input.value) {
    input.value = '';
    clearButton.hidden = true;
    sendSearch();
  } else if (e.key === 'ArrowDown') {
    const card = activeCard() ?? cards()[0];
    if (card) setActive(card, true);
  } else {
    return;
  }
  e.preventDefault();
});
clearButton.addEventListener('click', () => {
  input.value = '';
  clearButton.hidden = true;
  sendSearch();
  input.focus();
});

// `/` focuses the search box from anywhere in the view.
window.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target as Element | null;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return;
  e.preventDefault();
  input.focus();
  input.select();
});

// ---------------------------------------------------------------------------------------------
// Messages

let noticeTimer: ReturnType<typeof setTimeout> | undefined;

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const m = e.data;
  switch (m.type) {
    case 'model':
      onModel(m.model);
      break;
    case 'focusSearch':
      input.focus();
      input.select();
      break;
    case 'notice':
      notice.textContent = m.text;
      notice.classList.add('visible');
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => notice.classList.remove('visible'), 3000);
      break;
  }
});

render();
content.scrollTop = state.scrollTop;
post({ type: 'ready' });
