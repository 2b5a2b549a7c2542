import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace, annotationKeys, checkUpdate, rootNames, type Annotation, type Person } from '../../../core/index.js';
import { exportWorkspace } from '../../../core/export/index.js';
import { importAnnotations } from '../../../core/import/index.js';
import { refusal } from '../../../server/permissions.js';
import { slugOf } from '../../../server/credentials.js';
import { annotatedWorkspace, ana, corpusWorkspace, passageIn, NOTICE } from '../../support/annotated-workspace.js';

/*
 * Whoever a file names as an annotation's author, the import keeps them a person from outside the
 * workspace: their words can never become a member's, and no member can edit them as their own.
 * Checked with the server's own permission rule on the updates a member's client would send.
 */

const EXTERNAL = /^external:[0-9a-f]{32}$/;
const QUOTE = '283,000 convicted criminal aliens';
const SOURCE = 'https://www.ice.gov/secure-communities';

let counter = 0;
const newId = () => `imported-${++counter}`;

function w3c(creator: unknown, extra: Record<string, unknown> = {}) {
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: `urn:example:${++counter}`,
    type: 'Annotation',
    motivation: 'assessing',
    creator,
    body: [{ type: 'TextualBody', value: 'Words from elsewhere.', purpose: 'assessing' }],
    target: { source: SOURCE, selector: [{ type: 'TextQuoteSelector', exact: QUOTE }] },
    ...extra,
  };
}

function imported(file: unknown, into = corpusWorkspace()): Annotation[] {
  const before = new Set(into.annotations().list().map((a) => a.id));
  importAnnotations(into, file, { newId });
  return into.annotations().list().filter((a) => !before.has(a.id));
}

const peopleOf = (a: Annotation): Person[] => [a.author, ...a.replies.map((r) => r.author), ...a.reactions.map((r) => r.by)];

// The ways a file can name Ana, a member whose id is "ana", or Ana Alvarez as a sign-in link makes her.
const ANA_CREATORS: [string, unknown][] = [
  ['our own export’s IRI for her', { id: 'urn:crosswalk:user:ana', type: 'Person', name: 'Ana Alvarez' }],
  ['her bare id', { id: 'ana', name: 'Ana Alvarez' }],
  ['her id as a string', 'ana'],
  ['the IRI as a string', 'urn:crosswalk:user:ana'],
  ['her name only', { name: 'ana' }],
  ['her nickname only', { nickname: 'ana' }],
  ['the slug a sign-in link gives her', { id: slugOf('Ana Alvarez'), name: 'Ana Alvarez' }],
  ['an encoded IRI', { id: 'urn:crosswalk:user:%61na', name: 'Ana' }],
];

describe('importing who wrote an annotation', () => {
  it.each(ANA_CREATORS)('keeps a W3C creator named by %s an outside person', (_, creator) => {
    const [annotation] = imported([w3c(creator)]);
    expect(annotation!.author.id).toMatch(EXTERNAL);
    expect(annotation!.author.id).not.toBe(ana.id);
  });

  it('keeps the name a file gives, for display', () => {
    const [annotation] = imported([w3c({ id: 'urn:crosswalk:user:ana', name: 'Ana Alvarez' })]);
    expect(annotation!.author.name).toBe('Ana Alvarez');
    expect(imported([w3c(undefined)])[0]!.author.name).toBe('Imported');
  });

  it('keeps repliers and those who reacted outside people too, in W3C and in Hypothesis files', () => {
    const parent = w3c({ id: 'urn:crosswalk:user:ana', name: 'Ana Alvarez' }, { crosswalk: { reactions: [{ by: { id: 'ana', name: 'Ana Alvarez' }, reaction: 'agree' }, { by: { id: 'ben', name: 'Ben' }, reaction: 'plus-one' }] } });
    const reply = { id: 'urn:example:reply', type: 'Annotation', motivation: 'replying', creator: { id: 'ben', name: 'Ben' }, body: { type: 'TextualBody', value: 'Agreed.' }, target: parent.id };
    const [fromW3c] = imported([parent, reply]);
    expect(peopleOf(fromW3c!)).toHaveLength(4);
    expect(peopleOf(fromW3c!).every((p) => EXTERNAL.test(p.id))).toBe(true);

    const hypothesis = [
      { id: 'h1', uri: SOURCE, text: 'From Hypothesis.', user: 'acct:ana@hypothes.is', user_info: { display_name: 'Ana Alvarez' }, target: [{ source: SOURCE, selector: [{ type: 'TextQuoteSelector', exact: QUOTE }] }] },
      { id: 'h2', uri: SOURCE, text: 'A reply.', references: ['h1'], user: 'ana', target: [] },
    ];
    const [fromHypothesis] = imported(hypothesis);
    expect(peopleOf(fromHypothesis!).map((p) => p.name)).toEqual(['Ana Alvarez', 'ana']);
    expect(peopleOf(fromHypothesis!).every((p) => EXTERNAL.test(p.id))).toBe(true);
  });

  it('gives one outside person one id: the same in every import, and for their reactions', () => {
    const file = () => [w3c({ id: 'urn:crosswalk:user:ana', name: 'Ana' }, { crosswalk: { reactions: [{ by: { id: 'ana', name: 'Ana' }, reaction: 'agree' }] } }), w3c({ id: 'urn:crosswalk:user:ben', name: 'Ben' })];
    const [first, second] = imported(file());
    const [again] = imported(file());
    expect(first!.author.id).toBe(again!.author.id);
    expect(first!.reactions[0]!.by.id).toBe(first!.author.id);
    expect(second!.author.id).not.toBe(first!.author.id);
    // Named only by a name, someone is not the person whose id is that name.
    expect(imported([w3c({ name: 'ana' })])[0]!.author.id).not.toBe(first!.author.id);
  });

  it('keeps outside people the same people through an export and another import', async () => {
    const once = corpusWorkspace();
    const source = annotatedWorkspace();
    importAnnotations(once, JSON.parse(String((await exportWorkspace(source.ydoc, 'elsewhere', 'w3c')).body)), { newId });
    const twice = corpusWorkspace();
    importAnnotations(twice, JSON.parse(String((await exportWorkspace(once.ydoc, 'once', 'w3c')).body)), { newId });
    const people = (ws: Workspace) => ws.annotations().list().flatMap(peopleOf).map((p) => `${p.id} ${p.name}`).sort();
    expect(people(twice)).toEqual(people(once));
    expect(people(once).every((p) => EXTERNAL.test(p.split(' ')[0]!))).toBe(true);
  });
});

describe('an imported annotation, as the server’s permissions see it', () => {
  // What a member's client sends when it writes to an annotation directly, as a modified client can.
  function forged(server: Workspace, id: string, write: (entry: Y.Map<unknown>) => void): Uint8Array {
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server.ydoc));
    const before = Y.encodeStateVector(client);
    write(client.getMap(rootNames.ANNOTATIONS).get(id) as Y.Map<unknown>);
    return Y.encodeStateAsUpdate(client, before);
  }

  const edits: [string, (entry: Y.Map<unknown>) => void][] = [
    ['rewrite', (entry) => entry.set(annotationKeys.RECORD, { ...(entry.get(annotationKeys.RECORD) as object), body: 'Words she never wrote.' })],
    ['delete', (entry) => entry.set(annotationKeys.DELETED, true)],
  ];

  it.each(edits)('refuses to let the member the file named %s it', (_, write) => {
    const server = corpusWorkspace();
    const [annotation] = imported([w3c({ id: 'urn:crosswalk:user:ana', name: 'Ana Alvarez' })], server);
    // Her own annotation, for the control: the same write on it is allowed.
    server.annotations().create({ id: 'hers', author: ana, passage: passageIn(server, NOTICE, QUOTE), content: { kind: 'question', body: 'Mine?', tags: [] } }, 'local');
    const writer = { userId: ana.id, role: 'annotator' as const };
    const judge = (id: string) => {
      const check = checkUpdate(server.ydoc, forged(server, id, write));
      if (!check.ok) throw new Error(check.reason);
      return refusal(server.ydoc, writer, check.touches);
    };
    expect(judge('hers')).toBeNull();
    expect(judge(annotation!.id)).toMatch(/only its author/);
    // Her client's own store refuses before anything is sent.
    expect(() => new Workspace(server.ydoc).annotations().remove(annotation!.id, ana, 'local')).toThrow();
  });
});
