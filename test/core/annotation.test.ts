import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import { AnnotationContent, AnnotationError, Passage as PassageSchema, ReactionRecord, Reply, TextIndex, Workspace, describePassage, explain, pmPos, type AnnotationContent as Content, type Passage } from '../../core/index.js';
import { labelBlocks, parseMarkdown } from '../../core/text/index.js';
import { formatInText, formatReference } from '../../core/citations/index.js';

const ana = { id: 'ana', name: 'Ana Alvarez' };
const ben = { id: 'ben', name: 'Ben Brooks' };

function setup() {
  const ydoc = new Y.Doc();
  const workspace = new Workspace(ydoc);
  const fragment = workspace.documentText('notice');
  prosemirrorToYXmlFragment(labelBlocks(parseMarkdown('More than 283,000 convicted criminal aliens have been removed.\n')), fragment);
  const passage = describePassage('notice', new TextIndex(fragment), pmPos(11), pmPos(18)) as Passage;
  return { ydoc, workspace, annotations: workspace.annotations(), passage };
}

const critique: Content = { kind: 'critique', body: 'Removals are not convictions.', tags: ['numbers'], category: 'factual-claim' };

describe('annotation content', () => {
  const rejects: [string, unknown, RegExp][] = [
    ['an unknown kind', { kind: 'praise', body: 'x', tags: [] }, /kind|Invalid/i],
    ['an empty critique', { kind: 'critique', body: '', tags: [] }, /a critique needs some text/],
    ['a body over the limit', { kind: 'question', body: 'x'.repeat(10_001), tags: [] }, /at most 10000 characters/],
    ['too many tags', { kind: 'question', body: 'Why?', tags: Array.from({ length: 13 }, (_, i) => `t${i}`) }, /at most 12 tags/],
    ['a tag with markup', { kind: 'question', body: 'Why?', tags: ['<b>x</b>'] }, /angle brackets/],
    ['a long tag', { kind: 'question', body: 'Why?', tags: ['x'.repeat(41)] }, /at most 40 characters/],
    ['a javascript: link', { kind: 'citation', body: '', tags: [], citation: { source: { type: 'webpage', title: 'T', URL: 'javascript:alert(1)' } } }, /http:\/\/, https:\/\/ or doi:/],
    ['a data: link', { kind: 'citation', body: '', tags: [], citation: { source: { type: 'webpage', title: 'T', URL: 'data:text/html,x' } } }, /http:\/\/, https:\/\/ or doi:/],
    ['a citation without a title', { kind: 'citation', body: '', tags: [], citation: { source: { type: 'report', title: ' ' } } }, /a source needs a title/],
    ['a bad DOI', { kind: 'citation', body: '', tags: [], citation: { source: { type: 'report', title: 'T', DOI: 'doi-ish' } } }, /a DOI looks like/],
    ['an unknown relation', { kind: 'comparison', body: '', tags: [], comparison: { relation: 'loves', target: {} } }, /relation|Invalid/],
    ['an unknown critique category', { kind: 'critique', body: 'x', tags: [], category: 'vibes' }, /category|Invalid/],
  ];
  it.each(rejects)('rejects %s with a clear message', (_, value, message) => {
    const result = AnnotationContent.safeParse(value);
    expect(result.success).toBe(false);
    if (!result.success) expect(explain(result.error)).toMatch(message);
  });

  it.each([
    ['a passage with an empty quote', PassageSchema, { documentId: 'notice', start: {}, end: {}, quote: { type: 'TextQuoteSelector', exact: '', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 1 } }, /the quote is empty/],
    ['a passage that ends before it starts', PassageSchema, { documentId: 'notice', start: {}, end: {}, quote: { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 5, end: 2 } }, /must end after it starts/],
    ['a passage of a badly named document', PassageSchema, { documentId: '../etc', start: {}, end: {}, quote: { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 1 } }, /lower-case letters/],
    ['an empty reply', Reply, { id: 'r', author: { id: 'a', name: 'A' }, body: ' ', created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z' }, /a reply needs some text/],
    ['an unknown reaction', ReactionRecord, { by: { id: 'a', name: 'A' }, reaction: 'love', at: '2026-01-01T00:00:00.000Z' }, /reaction|Invalid/],
  ] as const)('rejects %s', (_, schema, value, message) => {
    const result = (schema as { safeParse(v: unknown): { success: boolean; error?: import('zod').ZodError } }).safeParse(value);
    expect(result.success).toBe(false);
    expect(explain(result.error!)).toMatch(message);
  });

  it('accepts http, https and doi links', () => {
    for (const URL of ['https://www.ice.gov/secure-communities', 'http://example.org/a', 'doi:10.1000/xyz']) {
      expect(AnnotationContent.safeParse({ kind: 'citation', body: '', tags: [], citation: { source: { type: 'webpage', title: 'T', URL } } }).success).toBe(true);
    }
  });
});

describe('the annotations of a workspace', () => {
  it('creates, reads back, edits and keeps the kind', () => {
    const { annotations, passage } = setup();
    annotations.create({ id: 'a1', author: ana, passage, content: critique }, 'local');
    const read = annotations.get('a1')!;
    expect(read).toMatchObject({ kind: 'critique', body: critique.body, tags: ['numbers'], status: 'open', deleted: false, author: ana });
    expect(read.passage.quote.exact).toBe('283,000');
    annotations.edit('a1', ana, { ...critique, body: 'Removals after arrest are not convictions.' }, 'local');
    expect(annotations.get('a1')!.body).toBe('Removals after arrest are not convictions.');
    expect(() => annotations.edit('a1', ana, { kind: 'question', body: 'Q?', tags: [] }, 'local')).toThrow(/cannot change its kind/);
  });

  it('lets only the author edit, delete or re-attach', () => {
    const { annotations, passage } = setup();
    annotations.create({ id: 'a1', author: ana, passage, content: critique }, 'local');
    expect(() => annotations.edit('a1', ben, critique, 'local')).toThrow(AnnotationError);
    expect(() => annotations.remove('a1', ben, 'local')).toThrow(/only its author/);
    expect(() => annotations.reattach('a1', ben, passage, 'local')).toThrow(/only its author/);
  });

  it('deletes softly, so that delete can be undone', () => {
    const { annotations, passage } = setup();
    annotations.create({ id: 'a1', author: ana, passage, content: critique }, 'local');
    annotations.remove('a1', ana, 'local');
    expect(annotations.get('a1')!.deleted).toBe(true);
    annotations.restore('a1', ana, 'local');
    expect(annotations.get('a1')!.deleted).toBe(false);
  });

  it('threads replies from anyone, and lets their authors edit and delete them', () => {
    const { annotations, passage } = setup();
    annotations.create({ id: 'a1', author: ana, passage, content: critique }, 'local');
    annotations.addReply('a1', { id: 'r1', author: ben, body: 'ICE counts removals, not convictions.' }, 'local');
    annotations.addReply('a1', { id: 'r2', author: ana, body: 'Exactly my point.' }, 'local');
    expect(annotations.get('a1')!.replies.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(() => annotations.editReply('a1', 'r1', ana, 'hijack', 'local')).toThrow(/only its author/);
    annotations.editReply('a1', 'r1', ben, 'ICE counts removals.', 'local');
    annotations.setReplyDeleted('a1', 'r2', ana, true, 'local');
    const replies = annotations.get('a1')!.replies;
    expect(replies[0]!.body).toBe('ICE counts removals.');
    expect(replies[1]!.deleted).toBe(true);
    expect(() => annotations.addReply('a1', { id: 'r3', author: ben, body: '   ' }, 'local')).toThrow(/a reply needs some text/);
  });

  it('toggles a person’s reaction and counts each person once', () => {
    const { annotations, passage } = setup();
    annotations.create({ id: 'a1', author: ana, passage, content: critique }, 'local');
    expect(annotations.toggleReaction('a1', ben, 'agree', 'local')).toBe(true);
    annotations.toggleReaction('a1', ana, 'agree', 'local');
    expect(annotations.get('a1')!.reactions.filter((r) => r.reaction === 'agree')).toHaveLength(2);
    expect(annotations.toggleReaction('a1', ben, 'agree', 'local')).toBe(false);
    expect(annotations.get('a1')!.reactions.map((r) => r.by.id)).toEqual(['ana']);
  });

  it('resolves and reopens', () => {
    const { annotations, passage } = setup();
    annotations.create({ id: 'a1', author: ana, passage, content: critique }, 'local');
    annotations.setStatus('a1', 'resolved', 'local');
    expect(annotations.get('a1')!.status).toBe('resolved');
  });

  it('keeps the old quote in the history when re-attached', () => {
    const { annotations, passage, workspace } = setup();
    annotations.create({ id: 'a1', author: ana, passage, content: critique }, 'local');
    const fragment = workspace.documentText('notice');
    const other = describePassage('notice', new TextIndex(fragment), pmPos(19), pmPos(28))!;
    annotations.reattach('a1', ana, other, 'local');
    const read = annotations.get('a1')!;
    expect(read.passage.quote.exact).toBe('convicted');
    expect(read.history.map((h) => h.passage.quote.exact)).toEqual(['283,000']);
  });

  it('skips a damaged entry instead of failing the list', () => {
    const { annotations, passage, ydoc } = setup();
    annotations.create({ id: 'a1', author: ana, passage, content: critique }, 'local');
    const raw = new Y.Map<unknown>();
    raw.set('record', { kind: 'critique', body: '<img onerror=alert(1)>' });
    ydoc.getMap('annotations').set('bad', raw);
    expect(annotations.list().map((a) => a.id)).toEqual(['a1']);
    expect(annotations.get('bad')).toBeUndefined();
  });
});

describe('citation formatting through citation-js', () => {
  const item = {
    type: 'legislation' as const,
    title: 'Executive Order 13993: Revision of Civil Immigration Enforcement Policies and Priorities',
    author: [{ literal: 'Biden, Joseph R.' }],
    issued: { 'date-parts': [[2021, 1, 20]] },
    'container-title': 'Federal Register',
    page: '7051',
  };
  it('formats a reference in APA', () => {
    expect(formatReference(item)).toMatch(/Executive Order 13993.*Federal Register.*2021/);
  });
  it('formats an in-text citation with a pinpoint', () => {
    expect(formatInText({ source: item, locator: 'Sec. 2' })).toMatch(/2021, Sec\. 2\)$/);
  });
});

describe('in-text citations of workspace documents', () => {
  it('prints a paragraph pinpoint as it is, without a section sign', () => {
    const text = formatInText({ source: { type: 'document', title: 'Memo', author: [{ literal: 'DHS' }], issued: { 'date-parts': [[2014, 11, 20]] } }, locator: '¶ 2' });
    expect(text).toBe('(DHS, 2014, ¶ 2)');
  });
});
