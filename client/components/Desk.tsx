import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { EditorView } from 'prosemirror-view';
import {
  TextIndex,
  describePassage,
  textOffset,
  type ComparisonRelation,
  type Annotation,
  type AnnotationContent,
  type AnnotationKind,
  type DocumentMeta,
  type Passage,
  type Person,
  type Role,
} from '../../core/index.js';
import type { Spotlight, WorkspaceSource } from '../connection.js';
import type { Present } from '../hooks.js';
import { anchorAll, anchorTargets, type Anchored } from '../annotations/anchored.js';
import { annotationHighlights, setHighlights, type HighlightMode } from '../annotations/plugin.js';
import { annotationKeys, selectionReporter, type ReaderSelection } from '../annotations/selection.js';
import { useAnnotations, useTextVersion } from '../annotations/use-annotations.js';
import { KIND_LABEL, newId } from '../annotations/labels.js';
import { navigate } from '../router.js';
import { Reader } from './Reader.js';
import { AnnotationSidebar, NO_FILTERS, matches, type Filters } from './AnnotationSidebar.js';
import { Composer, type ComposerDraft, type ComposerSnapshot } from './Composer.js';
import { ComposerPanel } from './ComposerPanel.js';
import { actingSide } from '../../core/crosswalk/index.js';
import { SelectionToolbar } from './SelectionToolbar.js';
import { Toast, type ToastMessage } from './Toast.js';
import { refusalOf } from '../refusal.js';
import { Connectors, type ComparisonLink } from './Connectors.js';
import { Suggestions } from './Suggestions.js';
import { useSuggestions, type KeyedSuggestion } from '../annotations/use-suggestions.js';
import type { CardActions } from './AnnotationCard.js';
import { focusView } from '../editor/caret.js';
import { useLibrary } from '../library/index.js';
import { useDraft } from '../seminar/drafts.js';

/** What the Desk does in a running seminar session. */
export interface DeskSeminar {
  /** This person facilitates: report where they read and let them spotlight a selection. */
  facilitating: boolean;
  /** Following, with unsaved writing open: the facilitator's moves wait until the person takes them. */
  held: boolean;
  /** Following the facilitator: keep this block at the top of the reader. */
  followBlockId: string | null;
  /** Following: the annotation under discussion, brought into view (on a phone, the Annotations tab) whenever `key` changes. */
  discuss: { annotationId: string; key: string } | null;
  /** Changes when following starts again or a held move is taken: the spotlight is brought into view anew. */
  epoch: number;
  /** The facilitator's spotlight, drawn for everyone. */
  spotlight: Spotlight | null;
  onSpotlight: (spotlight: Spotlight | null) => void;
  /** The person scrolled or typed their own way: they stop following. */
  onStepOut: () => void;
}

interface Props {
  connection: WorkspaceSource;
  me: Person;
  /** Viewers read; annotators and up annotate; editors and owners edit unlocked texts. */
  role: Role;
  document: DocumentMeta;
  beside: DocumentMeta | null;
  /** An annotation to bring into view once the texts are shown. */
  initialFocusId: string | null;
  documents: DocumentMeta[];
  people: Present[];
  /** Cards sit beside their passages on wide screens; below that they are a list. */
  alignCards: boolean;
  /** On narrow screens, switch to the panel that shows the cards, or the text. */
  onShowAnnotations: () => void;
  onShowText: () => void;
  seminar: DeskSeminar | null;
  /** The paragraph at the top of the reader, reported as the person scrolls (presence, facilitation). */
  onReadingAt?: (block: { id: string; label: string | null } | null) => void;
}

type Side = 'primary' | 'beside';

/** An open annotation form, with what it needs to sit beside its passage and to give the focus back. */
interface OpenDraft extends ComposerDraft {
  /** The reader that shows the passage, and where it starts there (null when no reader shows it). */
  side: Side;
  from: number | null;
  /** Where the focus goes when the form closes without saving: the text selection, or the card's Edit. */
  returnFocus: () => void;
}

/** A document (and optionally a second one beside it) with its annotations: highlights, toolbar, composer, cards. */
export function Desk({ connection, me, role, document: doc, beside, initialFocusId, documents, people, alignCards, onShowAnnotations, onShowText, seminar, onReadingAt }: Props) {
  const annotations = useAnnotations(connection);
  const library = useLibrary(connection);
  const primaryVersion = useTextVersion(connection, doc.id);
  const besideVersion = useTextVersion(connection, beside?.id ?? null);
  const [views, setViews] = useState<{ primary: EditorView | null; beside: EditorView | null }>({ primary: null, beside: null });
  const [selection, setSelection] = useState<{ primary: ReaderSelection | null; beside: ReaderSelection | null }>({ primary: null, beside: null });
  const [lastSide, setLastSide] = useState<Side>('primary');
  const [draft, setDraft] = useState<OpenDraft | null>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [mode, setMode] = useState<HighlightMode>('kind');
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [positions, setPositions] = useState<Map<string, number> | null>(null);
  const [sidebarTab, setSidebarTab] = useState<'annotations' | 'suggestions'>('annotations');
  const [shown, setShown] = useState<KeyedSuggestion | null>(null);
  const deskRef = useRef<HTMLDivElement>(null);
  const sidebarRef = useRef<HTMLDivElement>(null);
  const viewsRef = useRef(views);
  viewsRef.current = views;
  const store = connection.workspace.annotations();
  const canAnnotate = role !== 'viewer';
  const canEditTexts = role === 'owner' || role === 'editor';

  const visible = useMemo(() => annotations.filter((a) => !a.deleted && matches(a, filters)), [annotations, filters]);
  const anchored = useMemo(
    () => (views.primary ? anchorAll(connection.ydoc, connection.workspace.documentText(doc.id), doc.id, visible) : []),
    [visible, primaryVersion, doc.id, views.primary],
  );
  const besideAnchored = useMemo(
    () => (beside && views.beside ? anchorAll(connection.ydoc, connection.workspace.documentText(beside.id), beside.id, visible) : []),
    [visible, besideVersion, beside?.id, views.beside],
  );
  // The other ends of comparisons: in this document, every comparison written on another one that
  // points here (so the notice shows what a later order was compared with, whichever side it was
  // written from); in the document beside, those written here. Links are drawn between the two.
  const primaryTargets = useMemo(
    () => (views.primary ? anchorTargets(connection.ydoc, connection.workspace.documentText(doc.id), doc.id, visible.filter((a) => a.passage.documentId !== doc.id)) : []),
    [visible, primaryVersion, doc.id, views.primary],
  );
  // Those written on a third document (not the one beside, whose cards are listed already) get their card here.
  const incoming = useMemo(() => primaryTargets.filter((t) => t.annotation.passage.documentId !== beside?.id), [primaryTargets, beside?.id]);
  const besideTargets = useMemo(
    () => (beside && views.beside ? anchorTargets(connection.ydoc, connection.workspace.documentText(beside.id), beside.id, visible.filter((a) => a.passage.documentId === doc.id)) : []),
    [visible, besideVersion, doc.id, beside?.id, views.beside],
  );
  const suggestions = useSuggestions(connection, doc.id, beside?.id ?? null, [primaryVersion, besideVersion], annotations);
  const preview = useMemo(() => (shown && beside ? previewOf(connection, doc.id, beside.id, shown) : null), [shown, primaryVersion, besideVersion]);
  const links = useMemo(() => {
    const drawn = comparisonLinks(anchored, besideTargets, primaryTargets, besideAnchored);
    if (preview && sidebarTab === 'suggestions') drawn.push({ id: `suggestion:${shown!.key}`, relation: 'suggested', ...preview });
    return drawn;
  }, [anchored, besideTargets, primaryTargets, besideAnchored, preview, sidebarTab]);
  const previewOn = sidebarTab === 'suggestions' ? preview : null;
  const primarySpotlight = useSpotlightRange(connection, doc.id, seminar?.spotlight ?? null, primaryVersion);
  const besideSpotlight = useSpotlightRange(connection, beside?.id ?? null, seminar?.spotlight ?? null, besideVersion);
  const elsewhere = filters.scope === 'workspace' ? visible.filter((a) => a.passage.documentId !== doc.id) : [];

  useEffect(() => {
    if (views.primary) setHighlights(views.primary, { anchored, targets: primaryTargets, preview: previewOn?.left, spotlight: primarySpotlight, focusedId, mode });
  }, [views.primary, anchored, primaryTargets, previewOn, primarySpotlight, focusedId, mode]);
  useEffect(() => {
    if (views.beside) setHighlights(views.beside, { anchored: besideAnchored, targets: besideTargets, preview: previewOn?.right, spotlight: besideSpotlight, focusedId, mode });
  }, [views.beside, besideAnchored, besideTargets, previewOn, besideSpotlight, focusedId, mode]);

  // Where each passage starts, measured against the sidebar, so that cards can sit beside it.
  useLayoutEffect(() => {
    const view = views.primary;
    const sidebar = sidebarRef.current;
    if (!alignCards || beside || !view || !sidebar) return setPositions(null);
    const measure = () => {
      const origin = sidebar.querySelector('.card-list')?.getBoundingClientRect().top ?? sidebar.getBoundingClientRect().top;
      const next = new Map<string, number>();
      for (const x of [...anchored, ...incoming]) if (x.from !== null) next.set(x.annotation.id, Math.max(0, view.coordsAtPos(x.from).top - origin));
      setPositions(next);
    };
    measure();
    addEventListener('resize', measure);
    void document.fonts?.ready.then(measure);
    return () => removeEventListener('resize', measure);
  }, [anchored, incoming, alignCards, beside, views.primary]);

  const passageOf = (side: Side): Passage | null => {
    const sel = selection[side];
    if (!sel) return null;
    return describePassage(sel.documentId, new TextIndex(connection.workspace.documentText(sel.documentId)), sel.from, sel.to);
  };

  const start = (kind: AnnotationKind, side: Side = lastSide): boolean => {
    if (!canAnnotate) return false;
    // One form at a time: with one open, the shortcut goes back to it rather than drop what is typed there.
    if (draft) return focusForm();
    const passage = passageOf(side);
    const sel = selection[side];
    if (!passage || !sel) return false;
    setDraft({ kind, passage, side, from: sel.from, returnFocus: () => { const view = viewsRef.current[side]; if (view) focusView(view); } });
    return true;
  };
  const focusForm = (): boolean => {
    const field = deskRef.current?.querySelector<HTMLElement>('.composer-panel :is(input, select, textarea)');
    field?.focus();
    return field !== undefined && field !== null;
  };
  // An open form is unsaved writing: following the facilitator must not take it away.
  useDraft('composer', draft !== null);
  const startRef = useRef(start);
  startRef.current = start;

  const draftTop = (): number | null => {
    if (!draft) return null;
    const view = views[draft.side];
    if (view && draft.from !== null && draft.from <= view.state.doc.content.size && view.dom.getClientRects().length > 0) {
      try {
        return view.coordsAtPos(draft.from).top;
      } catch {
        // A position the view can no longer draw: fall back to the card.
      }
    }
    const card = draft.editing && sidebarRef.current?.querySelector(`.card[data-annotation-id="${CSS.escape(draft.editing.id)}"]`);
    return card ? card.getBoundingClientRect().top : null;
  };

  // On a phone the form is a sheet over the lower part of the text: scroll the passage out from under it.
  const uncover = (sheetTop: number) => {
    const top = draftTop();
    const view = draft && views[draft.side];
    const scroller = view && scrollerOf(view);
    const area = deskRef.current?.getBoundingClientRect();
    if (top === null || !scroller || !area || top < sheetTop - 48) return;
    scroller.scrollBy({ top: top - area.top - 16 });
  };

  /** Brings a card into view and (unless told not to) gives it the focus, once it has been drawn. */
  const revealCard = (id: string, frames = 10, takeFocus = true): number =>
    requestAnimationFrame(() => {
      const card = sidebarRef.current?.querySelector<HTMLElement>(`.card[data-annotation-id="${CSS.escape(id)}"]`);
      // Not drawn yet, or still behind the Read tab on a phone until the panel switches.
      if (!card || card.getClientRects().length === 0) {
        if (frames > 0) revealCard(id, frames - 1, takeFocus);
        return;
      }
      card.scrollIntoView({ block: 'nearest' });
      if (takeFocus) card.focus({ preventScroll: true });
      // Its body (Markdown) is drawn after paint and makes it taller: keep its foot in view as it grows.
      const grown = new ResizeObserver(() => card.scrollIntoView({ block: 'nearest' }));
      grown.observe(card);
      setTimeout(() => grown.disconnect(), 1000);
    });

  const focus = (id: string) => {
    setFocusedId(id);
    const annotation = annotations.find((a) => a.id === id);
    if (annotation && annotation.passage.documentId !== doc.id && annotation.passage.documentId !== beside?.id) {
      navigate(connection.documentPath(annotation.passage.documentId));
      return;
    }
    // A comparison between the two open documents brings both of its passages into view.
    requestAnimationFrame(() => {
      const selector = `.ProseMirror [data-annotation-id="${CSS.escape(id)}"], .ProseMirror [data-target-of="${CSS.escape(id)}"]`;
      const seen = new Set<Element>();
      for (const highlight of deskRef.current?.querySelectorAll(selector) ?? []) {
        const column = highlight.closest('.reader-column');
        if (!column || seen.has(column)) continue;
        seen.add(column);
        highlight.scrollIntoView({ block: 'center', behavior: 'smooth' });
      }
    });
  };

  useEffect(() => {
    if (initialFocusId && views.primary && (!beside || views.beside)) focus(initialFocusId);
  }, [initialFocusId, views.primary, views.beside]);

  useFollowing(views.primary, seminar, primarySpotlight, onShowText);

  // The item under discussion, for a follower: its card in view, on a phone on the Annotations tab.
  const discussKey = seminar && !seminar.facilitating && !seminar.held ? (seminar.discuss?.key ?? null) : null;
  useEffect(() => {
    const id = seminar?.discuss?.annotationId;
    if (!discussKey || !id || !views.primary) return;
    if (alignCards) focus(id);
    else {
      setFocusedId(id);
      onShowAnnotations();
    }
    // In view, but the keyboard stays where the person is (the notebook, say): the facilitator moved, not them.
    revealCard(id, 10, false);
  }, [discussKey, views.primary]);
  useReadingAt(views.primary, onReadingAt);

  const spotlightSelection = () => {
    const sel = selection[lastSide];
    if (!sel || !seminar) return;
    const index = new TextIndex(connection.workspace.documentText(sel.documentId));
    const [start, end] = [index.locatePm(sel.from), index.locatePm(sel.to)];
    if (start && end && end.text > start.text) seminar.onSpotlight({ documentId: sel.documentId, start: start.text, end: end.text });
  };

  const pluginsFor = (side: Side, documentId: string) => [
    annotationHighlights({
      onActivate: (ids) => {
        setFocusedId(ids[0]!);
        onShowAnnotations();
        requestAnimationFrame(() => sidebarRef.current?.querySelector(`.card[data-annotation-id="${CSS.escape(ids[0]!)}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
      },
    }),
    selectionReporter(documentId, (sel) => {
      setSelection((s) => ({ ...s, [side]: sel }));
      if (sel) setLastSide(side);
    }),
    annotationKeys((kind) => startRef.current(kind, side)),
  ];
  const primaryPlugins = useMemo(() => pluginsFor('primary', doc.id), [doc.id]);
  const besidePlugins = useMemo(() => (beside ? pluginsFor('beside', beside.id) : []), [beside?.id]);


  const save = (content: AnnotationContent): string | null => {
    if (!draft) return null;
    const id = draft.editing?.id ?? newId('ann');
    const failure = refusalOf(() => {
      if (draft.editing) store.edit(id, me, content, 'local');
      else store.create({ id, author: me, passage: draft.passage, content }, 'local');
    });
    if (!failure) {
      setDraft(null);
      setFocusedId(id);
      setSidebarTab('annotations');
      onShowAnnotations();
      revealCard(id);
    }
    return failure;
  };

  const cancel = (typed: ComposerSnapshot | null) => {
    const closing = draft;
    if (!closing) return;
    setDraft(null);
    closing.returnFocus();
    if (typed) {
      setToast({
        text: `${KIND_LABEL[closing.kind]} not saved.`,
        action: { label: 'Reopen', run: () => setDraft((open) => open ?? { ...closing, restore: typed }) },
      });
    }
  };

  const openBeside = (id: string) => {
    if (id === doc.id) return;
    navigate(connection.documentPath(doc.id, id));
  };

  const showSuggestion = (s: KeyedSuggestion) => {
    setShown(s);
    const range = beside && previewOf(connection, doc.id, beside.id, s);
    if (!range) return;
    if (views.primary) scrollToRange(views.primary, range.left.from);
    if (views.beside) scrollToRange(views.beside, range.right.from);
  };

  const acceptSuggestion = (s: KeyedSuggestion, relation: ComparisonRelation): string | null => {
    if (!beside) return null;
    const source = passageAt(connection, doc.id, s.source);
    const target = passageAt(connection, beside.id, s.target);
    if (!source || !target) return 'These passages have changed since the suggestion was made.';
    const id = newId('ann');
    const failure = refusalOf(() => store.create({ id, author: me, passage: source, content: { kind: 'comparison', body: '', tags: [], comparison: { target, relation } } }, 'local'));
    if (failure) return failure;
    setShown(null);
    setToast({
      text: 'Comparison recorded; add a note to it in Annotations.',
      action: {
        label: 'Undo',
        run: () => {
          refusalOf(() => store.remove(id, me, 'local'));
          setFocusedId((current) => (current === id ? null : current));
        },
      },
    });
    focus(id);
    return null;
  };

  const dismissals = connection.workspace.dismissedSuggestions();

  const actions: CardActions = {
    focus: (id) => {
      onShowText();
      focus(id);
    },
    edit: (a: Annotation) => {
      const { id: _i, author: _a, created: _c, updated: _u, passage, status: _s, deleted: _d, replies: _r, reactions: _x, history: _h, ...content } = a;
      if (draft) return void focusForm();
      // The Edit button that was pressed, to come back to; if the card has gone, the card itself.
      const trigger = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      const here = anchored.find((x) => x.annotation.id === a.id);
      const there = besideAnchored.find((x) => x.annotation.id === a.id);
      setDraft({
        kind: a.kind,
        passage,
        editing: { id: a.id, content: content as AnnotationContent },
        side: here || !there ? 'primary' : 'beside',
        from: here?.from ?? there?.from ?? null,
        returnFocus: () => (trigger?.isConnected ? trigger.focus() : revealCard(a.id)),
      });
    },
    remove: (a) => {
      if (refusalOf(() => store.remove(a.id, me, 'local'))) return;
      setToast({ text: `${KIND_LABEL[a.kind]} deleted.`, action: { label: 'Undo', run: () => store.restore(a.id, me, 'local') } });
    },
    setStatus: (a, status) => store.setStatus(a.id, status, 'local'),
    react: (a, reaction) => void store.toggleReaction(a.id, me, reaction, 'local'),
    reply: (a, body) => refusalOf(() => store.addReply(a.id, { id: newId('reply'), author: me, body }, 'local')),
    editReply: (a, replyId, body) => refusalOf(() => store.editReply(a.id, replyId, me, body, 'local')),
    deleteReply: (a, replyId) => {
      const reply = a.replies.find((r) => r.id === replyId);
      if (reply) refusalOf(() => store.setReplyDeleted(a.id, replyId, me, !reply.deleted, 'local'));
    },
    reattach: (a) => {
      const passage = passageOf('primary');
      if (!passage) return;
      const failure = refusalOf(() => store.reattach(a.id, me, passage, 'local'));
      setToast({ text: failure ?? 'Re-attached. The earlier quote is kept in its history.' });
    },
    openBeside,
  };

  // The toolbar floats above the end of the current selection.
  const toolbarAt = (() => {
    const side = lastSide;
    const sel = selection[side];
    const view = views[side];
    const desk = deskRef.current;
    if (!sel || !view || !desk || draft || (!canAnnotate && !seminar?.facilitating)) return null;
    try {
      const coords = view.coordsAtPos(sel.from);
      const box = desk.getBoundingClientRect();
      return { top: coords.top - box.top + desk.scrollTop - 44, left: Math.max(8, coords.left - box.left - 20) };
    } catch {
      return null;
    }
  })();

  const readersOf = (id: string) => people.filter((p) => !p.self && p.state.location?.view === 'document' && p.state.location.documentId === id);
  const others = documents.filter((d) => d.imported && d.id !== doc.id);

  return (
    <div class={`desk${beside ? ' desk-split' : ''}${draft ? ' desk-composing' : ''}`} ref={deskRef}>
      <div class="reader-column">
        <Reader
          key={doc.id}
          connection={connection}
          document={doc}
          documents={documents}
          readers={readersOf(doc.id)}
          plugins={primaryPlugins}
          readOnly={!canEditTexts}
          onView={(view) => setViews((v) => ({ ...v, primary: view }))}
          controls={
            !beside && others.length > 0 && doc.imported ? (
              <label class="open-beside">
                <span>Compare with</span>
                <select value="" onChange={(e) => openBeside((e.target as HTMLSelectElement).value)}>
                  <option value="">— another document —</option>
                  {others.map((d) => (
                    <option value={d.id} key={d.id}>
                      {d.title}
                    </option>
                  ))}
                </select>
              </label>
            ) : undefined
          }
        />
      </div>
      {beside && (
        <div class="reader-column reader-beside">
          <Reader
            key={beside.id}
            connection={connection}
            document={beside}
            documents={documents}
            readers={readersOf(beside.id)}
            plugins={besidePlugins}
            readOnly={!canEditTexts}
            onView={(view) => setViews((v) => ({ ...v, beside: view }))}
            controls={
              <span class="reader-control-row">
                <button type="button" class="button button-small" title="Put this document on the left" onClick={() => navigate(connection.documentPath(beside.id, doc.id))}>
                  Swap sides
                </button>
                <button type="button" class="button button-small" onClick={() => navigate(connection.documentPath(doc.id))}>
                  Close
                </button>
              </span>
            }
          />
        </div>
      )}
      {beside && (
        <Connectors
          container={deskRef.current}
          left={views.primary}
          right={views.beside}
          links={links}
          focusedId={focusedId}
          onActivate={(id) => {
            focus(id);
            requestAnimationFrame(() => sidebarRef.current?.querySelector(`.card[data-annotation-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
          }}
        />
      )}
      {toolbarAt && <SelectionToolbar top={toolbarAt.top} left={toolbarAt.left} onStart={canAnnotate ? (kind) => start(kind) : undefined} onSpotlight={seminar?.facilitating ? spotlightSelection : undefined} />}
      <div class="sidebar-column" ref={sidebarRef}>
        {beside && (
          <div class="sidebar-tabs" role="tablist" aria-label="Beside the texts">
            <button type="button" role="tab" aria-selected={sidebarTab === 'annotations'} onClick={() => setSidebarTab('annotations')}>
              Annotations
            </button>
            <button type="button" role="tab" aria-selected={sidebarTab === 'suggestions'} onClick={() => setSidebarTab('suggestions')}>
              Suggestions<span class="count">{suggestions.groups.length}</span>
            </button>
          </div>
        )}
        {beside && sidebarTab === 'suggestions' ? (
          <Suggestions
            source={doc}
            target={beside}
            suggestions={suggestions}
            currentKey={shown?.key ?? null}
            canDecide={canAnnotate}
            actor={actingSide(doc.id, beside.id, documents)}
            onShow={showSuggestion}
            onAccept={acceptSuggestion}
            onDismiss={(s) => {
              if (shown?.key === s.key) setShown(null);
              dismissals.dismiss(s.key, me, 'local');
              setToast({ text: 'Suggestion dismissed for everyone.', action: { label: 'Undo', run: () => dismissals.restore(s.key, 'local') } });
            }}
            onRestore={(key) => dismissals.restore(key, 'local')}
          />
        ) : (
        <AnnotationSidebar
          all={annotations}
          anchored={[...byPosition([...anchored, ...incoming]), ...besideAnchored.filter((x) => !anchored.some((y) => y.annotation.id === x.annotation.id))]}
          elsewhere={elsewhere.filter((a) => a.passage.documentId !== beside?.id && !incoming.some((x) => x.annotation.id === a.id))}
          filters={filters}
          onFilters={setFilters}
          mode={mode}
          onMode={setMode}
          focusedId={focusedId}
          me={me}
          documents={documents}
          actions={actions}
          canReattach={selection.primary !== null}
          canDiscuss={canAnnotate}
          hasText={doc.imported === true}
          positions={positions}
        />
        )}
      </div>
      {draft && (
        <ComposerPanel
          key={draft.editing?.id ?? `${draft.kind}:${draft.passage.position.start}`}
          placement={alignCards ? 'beside' : 'sheet'}
          label={`${draft.editing ? 'Edit' : 'New'} ${KIND_LABEL[draft.kind].toLowerCase()}`}
          anchorTop={draftTop}
          column={() => sidebarRef.current}
          area={() => deskRef.current}
          onSheet={uncover}
          onClose={() => cancel(null)}
        >
          <Composer
            draft={draft}
            documents={documents}
            besidePassage={passageOf('beside')}
            besideId={beside?.id ?? null}
            onOpenBeside={openBeside}
            onSelectBeside={() => views.beside && focusView(views.beside)}
            onSave={save}
            onCancel={cancel}
            library={library}
            onAddSource={role === 'viewer' ? undefined : (item) => connection.workspace.library().add([item], me, 'local')[0]!.id}
          />
        </ComposerPanel>
      )}
      {toast && <Toast message={toast} onClose={() => setToast(null)} />}
    </div>
  );
}

/** Comparisons from the left document to the right one, or back, with both of their ends found. */
function comparisonLinks(left: Anchored[], rightTargets: Anchored[], leftTargets: Anchored[], right: Anchored[]): ComparisonLink[] {
  const links: ComparisonLink[] = [];
  const pair = (sources: Anchored[], targets: Anchored[], sourceOnLeft: boolean) => {
    const byId = new Map(targets.map((t) => [t.annotation.id, t]));
    for (const source of sources) {
      const target = byId.get(source.annotation.id);
      const { annotation } = source;
      if (annotation.kind !== 'comparison' || !target || source.from === null || source.to === null || target.from === null || target.to === null) continue;
      const a = { from: source.from, to: source.to };
      const b = { from: target.from, to: target.to };
      links.push({ id: annotation.id, relation: annotation.comparison.relation, left: sourceOnLeft ? a : b, right: sourceOnLeft ? b : a });
    }
  };
  pair(left, rightTargets, true);
  pair(right, leftTargets, false);
  return links;
}

/** A passage of a document from text offsets, as the alignment engine gives them. */
function passageAt(connection: WorkspaceSource, documentId: string, range: { start: number; end: number }): Passage | null {
  const index = new TextIndex(connection.workspace.documentText(documentId));
  const from = index.pmOfText(textOffset(range.start));
  const to = index.pmOfText(textOffset(range.end));
  return from === null || to === null ? null : describePassage(documentId, index, from, to);
}

/** Where a suggested pair sits in both editors. */
function previewOf(connection: WorkspaceSource, leftId: string, rightId: string, s: KeyedSuggestion): Pick<ComparisonLink, 'left' | 'right'> | null {
  const left = new TextIndex(connection.workspace.documentText(leftId));
  const right = new TextIndex(connection.workspace.documentText(rightId));
  const [lf, lt, rf, rt] = [left.pmOfText(textOffset(s.source.start)), left.pmOfText(textOffset(s.source.end)), right.pmOfText(textOffset(s.target.start)), right.pmOfText(textOffset(s.target.end))];
  return lf === null || lt === null || rf === null || rt === null ? null : { left: { from: lf, to: lt }, right: { from: rf, to: rt } };
}

/** Scrolls the reader column holding a view so that a position sits in its middle. */
function scrollToRange(view: EditorView, pos: number): void {
  const column = view.dom.closest('.reader-column');
  if (!column || pos > view.state.doc.content.size) return;
  const box = column.getBoundingClientRect();
  column.scrollBy({ top: view.coordsAtPos(pos).top - box.top - box.height / 3, behavior: 'smooth' });
}

/** What scrolls a reader: its own column when two documents are side by side, else the whole desk. */
function scrollerOf(view: EditorView): HTMLElement | null {
  const column = view.dom.closest<HTMLElement>('.reader-column');
  return column && getComputedStyle(column).overflowY !== 'visible' ? column : view.dom.closest<HTMLElement>('.desk');
}

/** A spotlight's range in one document's editor: null when it is in another document or its text is gone. */
function useSpotlightRange(connection: WorkspaceSource, documentId: string | null, spotlight: Spotlight | null, version: number): { from: number; to: number } | null {
  return useMemo(() => {
    if (!spotlight || spotlight.documentId !== documentId) return null;
    const index = new TextIndex(connection.workspace.documentText(documentId));
    const from = index.pmOfText(textOffset(spotlight.start));
    const to = index.pmOfText(textOffset(spotlight.end));
    return from === null || to === null ? null : { from, to };
  }, [spotlight, documentId, version]);
}

/**
 * A follower's reader keeps the facilitator's block at its top, and a new spotlight in view (a
 * phone's screen is shorter than the facilitator's: the block at the top can leave the passage
 * below the fold). Their own scrolling or keys step them out. Nothing moves while `held`.
 */
function useFollowing(view: EditorView | null, seminar: DeskSeminar | null, spotlight: { from: number; to: number } | null, onShowText: () => void): void {
  const blockId = seminar?.followBlockId ?? null;
  const following = seminar !== null && !seminar.facilitating && blockId !== null;
  const held = seminar?.held ?? false;
  const stepOut = useRef(seminar?.onStepOut);
  stepOut.current = seminar?.onStepOut;
  const showText = useRef(onShowText);
  showText.current = onShowText;
  const spotKey = spotlight && seminar && !seminar.facilitating ? `${spotlight.from}-${spotlight.to}#${seminar.epoch}` : null;
  const shownSpot = useRef<string | null>(null);
  useEffect(() => {
    if (!view || held || !seminar || seminar.facilitating) return;
    const newSpot = spotKey !== null && spotKey !== shownSpot.current;
    shownSpot.current = spotKey;
    if (!blockId && !newSpot) return;
    if (newSpot) showText.current();
    let frames = 10;
    let frame = 0;
    const place = () => {
      const scroller = scrollerOf(view);
      const block = blockId ? view.dom.querySelector<HTMLElement>(`[data-block-id="${CSS.escape(blockId)}"]`) : null;
      const spot = newSpot ? view.dom.querySelector<HTMLElement>('.hl-spotlight') : null;
      // Behind the Read tab on a phone until the panel switches: wait for it to be drawn.
      if ((newSpot && (!spot || spot.getClientRects().length === 0)) || !scroller) {
        if (frames-- > 0) frame = requestAnimationFrame(place);
        return;
      }
      if (!spot) return block?.scrollIntoView({ block: 'start', behavior: 'smooth' });
      const area = scroller.getBoundingClientRect();
      const s = spot.getBoundingClientRect();
      const b = block?.getBoundingClientRect();
      // The facilitator's top block, if the spotlight shows below it; else the spotlight itself.
      if (block && b && s.top >= b.top && s.bottom - b.top <= area.height - 24) block.scrollIntoView({ block: 'start', behavior: 'smooth' });
      else if (s.top < area.top || s.bottom > area.bottom) spot.scrollIntoView({ block: 'center', behavior: 'smooth' });
    };
    frame = requestAnimationFrame(place);
    return () => cancelAnimationFrame(frame);
  }, [view, blockId, spotKey, held]);
  useEffect(() => {
    const column = view && scrollerOf(view);
    if (!column || !following) return;
    // Scroll events also come from following itself; only the person's own input counts.
    const own = (event: Event) => {
      if (event instanceof KeyboardEvent && !['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' '].includes(event.key)) return;
      // Keys typed into a form are writing, not scrolling away.
      if (event instanceof KeyboardEvent && event.target instanceof HTMLElement && event.target.closest('input, textarea, select')) return;
      stepOut.current?.();
    };
    const types = ['wheel', 'touchmove', 'keydown'] as const;
    for (const type of types) column.addEventListener(type, own, { passive: true });
    return () => {
      for (const type of types) column.removeEventListener(type, own);
    };
  }, [view, following]);
}

/** Reports the paragraph at the top of the reader as the person scrolls. */
function useReadingAt(view: EditorView | null, onReadingAt: ((block: { id: string; label: string | null } | null) => void) | undefined): void {
  const report = useRef(onReadingAt);
  report.current = onReadingAt;
  useEffect(() => {
    const column = view && scrollerOf(view);
    if (!view || !column || !report.current) return;
    let timer = 0;
    const measure = () => {
      timer = 0;
      const top = column.getBoundingClientRect().top;
      const blocks = view.dom.querySelectorAll<HTMLElement>('[data-block-id]');
      const first = [...blocks].find((b) => b.getBoundingClientRect().bottom > top + 8);
      report.current?.(first ? { id: first.dataset.blockId!, label: first.dataset.label ?? null } : null);
    };
    const onScroll = () => {
      if (!timer) timer = window.setTimeout(measure, 150);
    };
    measure();
    column.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      clearTimeout(timer);
      column.removeEventListener('scroll', onScroll);
    };
  }, [view]);
}

// Cards in text order: the document's own annotations and the comparisons pointing into it, merged.
function byPosition<T extends { from: number | null }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.from ?? Infinity) - (b.from ?? Infinity));
}
