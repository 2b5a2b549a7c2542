import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { AnnotationKind, type Annotation, type DocumentMeta, type Person } from '../../core/index.js';
import { neverPlaced, type Anchored } from '../annotations/anchored.js';
import { KIND_LABEL } from '../annotations/labels.js';
import type { HighlightMode } from '../annotations/plugin.js';
import { ANNOTATION_SHORTCUTS } from '../annotations/selection.js';
import { AnnotationCard, type CardActions } from './AnnotationCard.js';
import { AuthorOptions, TagOptions, annotationFacets } from './FacetOptions.js';

export interface Filters {
  kinds: AnnotationKind[];
  author: string;
  tag: string;
  status: 'all' | 'open' | 'resolved';
  scope: 'document' | 'workspace';
  search: string;
}

export const NO_FILTERS: Filters = { kinds: [], author: '', tag: '', status: 'all', scope: 'document', search: '' };

export function matches(a: Annotation, f: Filters): boolean {
  if (f.kinds.length && !f.kinds.includes(a.kind)) return false;
  if (f.author && a.author.id !== f.author) return false;
  if (f.tag && !a.tags.includes(f.tag)) return false;
  if (f.status !== 'all' && a.status !== f.status) return false;
  if (f.search.trim()) {
    const needle = f.search.trim().toLowerCase();
    const haystack = [a.body, a.passage.quote.exact, ...a.replies.map((r) => r.body), a.kind === 'comparison' ? a.comparison.target.quote.exact : '', a.kind === 'citation' ? a.citation.source.title : '']
      .join('\n')
      .toLowerCase();
    if (!haystack.includes(needle)) return false;
  }
  return true;
}

interface Props {
  all: Annotation[];
  /** This document's annotations, anchored, already filtered. */
  anchored: Anchored[];
  /** Other documents' annotations when the scope is the whole workspace, already filtered. */
  elsewhere: Annotation[];
  filters: Filters;
  onFilters: (filters: Filters) => void;
  mode: HighlightMode;
  onMode: (mode: HighlightMode) => void;
  focusedId: string | null;
  me: Person;
  documents: DocumentMeta[];
  actions: CardActions;
  canReattach: boolean;
  /** Whether the person may reply, react and resolve (not viewers). */
  canDiscuss: boolean;
  /** The document's text is here: only then is there a passage to select. */
  hasText?: boolean;
  /** Top of each attached annotation's passage, relative to the sidebar; null when cards are not aligned. */
  positions: Map<string, number> | null;
}

/** Cards beside the text: filters and counts on top, then the cards, aligned with their passages where space allows. */
export function AnnotationSidebar(props: Props) {
  const { all, anchored, elsewhere, filters, onFilters, focusedId, positions } = props;
  const counts = new Map(AnnotationKind.options.map((k) => [k, all.filter((a) => !a.deleted && a.kind === k).length]));
  const { authors, tags } = annotationFacets(all);
  const attached = anchored.filter((x) => x.health !== 'orphan');
  const orphans = anchored.filter((x) => x.health === 'orphan');

  const list = useRef<HTMLDivElement>(null);
  const [tops, setTops] = useState<Map<string, number>>(new Map());
  // Place each card at its passage, pushing it down when the card above would overlap.
  useLayoutEffect(() => {
    if (!positions || !list.current) {
      if (tops.size > 0) setTops(new Map());
      return;
    }
    const next = new Map<string, number>();
    let floor = 0;
    const cards = Array.from(list.current.querySelectorAll<HTMLElement>(':scope > .card'));
    const heights = new Map(cards.map((c) => [c.dataset.annotationId!, c.offsetHeight]));
    for (const { annotation } of attached) {
      // A card whose passage is not measured yet waits unplaced: placed at the floor, it would
      // then slide down to its passage, and anything scrolling to it would scroll to the floor.
      const wanted = positions.get(annotation.id);
      if (wanted === undefined) continue;
      const top = Math.max(wanted, floor);
      next.set(annotation.id, top);
      floor = top + (heights.get(annotation.id) ?? 120) + 10;
    }
    const same = next.size === tops.size && Array.from(next).every(([k, v]) => tops.get(k) === v);
    if (!same) setTops(next);
  });

  const toggleKind = (kind: AnnotationKind) =>
    onFilters({ ...filters, kinds: filters.kinds.includes(kind) ? filters.kinds.filter((k) => k !== kind) : [...filters.kinds, kind] });
  const aligned = positions !== null;
  const card = (a: Annotation, health: Anchored['health'], style?: Record<string, string>) => (
    <AnnotationCard
      key={a.id}
      annotation={a}
      health={health}
      me={props.me}
      focused={a.id === focusedId}
      documents={props.documents}
      actions={props.actions}
      canReattach={props.canReattach}
      canDiscuss={props.canDiscuss}
      style={style}
    />
  );
  const listHeight = aligned ? Math.max(0, ...Array.from(tops.values())) + 400 : undefined;

  return (
    <aside class="annotations" aria-label="Annotations" onKeyDown={moveBetweenCards}>
      <div class="annotations-controls">
        <div class="kind-filters" role="group" aria-label="Filter by kind">
          {AnnotationKind.options.map((kind) => (
            <button type="button" key={kind} class={`kind-filter kind-${kind}`} aria-pressed={filters.kinds.includes(kind)} onClick={() => toggleKind(kind)}>
              {KIND_LABEL[kind]}
              <span class="count">{counts.get(kind)}</span>
            </button>
          ))}
        </div>
        <div class="filter-row">
          <label>
            <span class="visually-hidden">Search annotations</span>
            <input type="search" placeholder="Search bodies and quotes" value={filters.search} onInput={(e) => onFilters({ ...filters, search: (e.target as HTMLInputElement).value })} />
          </label>
        </div>
        <div class="filter-row">
          <select aria-label="Author" value={filters.author} onChange={(e) => onFilters({ ...filters, author: (e.target as HTMLSelectElement).value })}>
            <AuthorOptions authors={authors} />
          </select>
          <select aria-label="Tag" value={filters.tag} onChange={(e) => onFilters({ ...filters, tag: (e.target as HTMLSelectElement).value })}>
            <TagOptions tags={tags} />
          </select>
          <select aria-label="Status" value={filters.status} onChange={(e) => onFilters({ ...filters, status: (e.target as HTMLSelectElement).value as Filters['status'] })}>
            <option value="all">Any status</option>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
          </select>
        </div>
        <div class="filter-row">
          <select aria-label="Documents" value={filters.scope} onChange={(e) => onFilters({ ...filters, scope: (e.target as HTMLSelectElement).value as Filters['scope'] })}>
            <option value="document">This document</option>
            <option value="workspace">All documents</option>
          </select>
          <select aria-label="Colour highlights by" value={props.mode} onChange={(e) => props.onMode((e.target as HTMLSelectElement).value as HighlightMode)}>
            <option value="kind">Colour by kind</option>
            <option value="tag">Colour by tag</option>
          </select>
        </div>
      </div>
      {orphans.length > 0 && (
        <section class="orphans" aria-label="Detached annotations">
          <h3 class="panel-title">Detached · {orphans.length}</h3>
          <p class="hint">{orphanHint(orphans.map((x) => x.annotation))}</p>
          {orphans.map((x) => card(x.annotation, 'orphan'))}
        </section>
      )}
      <div class={`card-list${aligned ? ' aligned' : ''}`} ref={list} style={listHeight ? { height: `${listHeight}px` } : undefined}>
        {attached.map((x) => card(x.annotation, x.health, aligned && tops.has(x.annotation.id) ? { top: `${tops.get(x.annotation.id)}px` } : undefined))}
      </div>
      {elsewhere.length > 0 && (
        <section class="elsewhere" aria-label="In other documents">
          <h3 class="panel-title">In other documents · {elsewhere.length}</h3>
          {elsewhere.map((a) => card(a, 'attached'))}
        </section>
      )}
      {attached.length === 0 && orphans.length === 0 && elsewhere.length === 0 && (
        <div class="empty-annotations">
          <p>No annotations here{filters !== NO_FILTERS ? ' match the filters' : ' yet'}.</p>
          {props.canDiscuss && props.hasText !== false && <p class="hint">Select a passage, then choose from the toolbar or press:</p>}
          <ul class="shortcut-list" hidden={!props.canDiscuss || props.hasText === false}>
            {ANNOTATION_SHORTCUTS.map((s) => (
              <li key={s.kind}>
                <kbd>{s.shown}</kbd> {s.label}
              </li>
            ))}
          </ul>
        </div>
      )}
    </aside>
  );
}

/**
 * ↓ / ↑ on a card (or on one of its buttons) go to the next or previous card, in the order they
 * are listed: a keyboard user moves between cards without Tabbing through every card's buttons.
 * Keys typed into a field (a reply, the search) are left alone.
 */
function moveBetweenCards(event: KeyboardEvent): void {
  if ((event.key !== 'ArrowDown' && event.key !== 'ArrowUp') || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const target = event.target as HTMLElement;
  if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
  const card = target.closest<HTMLElement>('.card');
  const list = event.currentTarget as HTMLElement;
  if (!card) return;
  const cards = [...list.querySelectorAll<HTMLElement>('.card')].filter((c) => c.getClientRects().length > 0);
  const next = cards[cards.indexOf(card) + (event.key === 'ArrowDown' ? 1 : -1)];
  if (!next) return;
  event.preventDefault();
  next.focus({ preventScroll: true });
  next.scrollIntoView({ block: 'nearest' });
}

// Why they are detached, said truly: an imported annotation whose quote was never found had no text to lose.
function orphanHint(orphans: Annotation[]): string {
  const unplaced = orphans.filter((a) => neverPlaced(a.passage)).length;
  const kept = 'Each is kept with its quote; its author can attach it to a passage they select.';
  if (unplaced === 0) return `Their text was deleted. ${kept}`;
  if (unplaced === orphans.length) return `Imported, but could not be placed in this text: the quote was not found in it. ${kept}`;
  return `Their text was deleted, or (${unplaced} imported) their quote was not found in this text. ${kept}`;
}
