import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Node as PmNode } from 'prosemirror-model';
import { DocumentMeta } from './document-meta.js';
import { parseMarkdown } from './markdown.js';
import { labelBlocks } from './block-labels.js';

/** A source text ready to enter a workspace: its metadata and its body in the shared schema. */
export interface LoadedDocument {
  meta: DocumentMeta;
  doc: PmNode;
}

/** A file that cannot be loaded; the message names the file and the problem. */
export class DocumentLoadError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'DocumentLoadError';
  }
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

// Front matter as people write it: snake_case keys from other tools are accepted too.
const FrontMatter = z
  .object({
    id: z.string().optional(),
    title: z.string({ error: 'the front matter has no title' }).trim().min(1, 'the title is empty'),
    issuer: z.string().optional(),
    date: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
    type: z.string().optional(),
    document_type: z.string().optional(),
    citation: z.string().optional(),
    sourceUrl: z.string().optional(),
    source_url: z.string().optional(),
    source: z.string().optional(),
    capture: z.string().optional(),
    retrieved_via: z.string().optional(),
    license: z.string().optional(),
    kicker: z.string().optional(),
    relations: z.unknown().optional(),
    locked: z.boolean().optional(),
  })
  .loose();

export interface LoadOptions {
  /** Position of the document in its corpus, used to order documents of the same date. */
  order?: number;
  /** Source texts are locked unless their front matter says otherwise. */
  locked?: boolean;
}

/**
 * Parses a Markdown file with YAML front matter into a document.
 * Throws DocumentLoadError for bad front matter, a missing title or an empty text.
 */
export function loadDocument(file: string, source: string, options: LoadOptions = {}): LoadedDocument {
  const match = FRONT_MATTER.exec(source);
  if (!match) throw new DocumentLoadError(file, 'no YAML front matter (the file must start with a line "---")');

  let raw: unknown;
  try {
    raw = parseYaml(match[1]!);
  } catch (error) {
    throw new DocumentLoadError(file, `bad front matter: ${(error as Error).message.split('\n')[0]}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DocumentLoadError(file, 'bad front matter: expected "key: value" lines');
  }

  const front = FrontMatter.safeParse(raw);
  if (!front.success) throw new DocumentLoadError(file, describeIssue(front.error));
  const f = front.data;

  const meta = DocumentMeta.safeParse({
    id: f.id ?? idFromFile(file),
    title: f.title,
    issuer: f.issuer,
    date: f.date,
    type: f.type ?? f.document_type ?? 'document',
    citation: f.citation,
    sourceUrl: f.sourceUrl ?? f.source_url,
    source: f.source,
    capture: f.capture ?? f.retrieved_via,
    license: f.license,
    kicker: f.kicker,
    relations: f.relations,
    locked: f.locked ?? options.locked ?? true,
    imported: true,
    order: options.order ?? 0,
  });
  if (!meta.success) throw new DocumentLoadError(file, describeIssue(meta.error));

  const body = source.slice(match[0].length);
  if (body.trim() === '') throw new DocumentLoadError(file, 'the text is empty');
  const doc = labelBlocks(parseMarkdown(body));
  if (doc.textContent.trim() === '') throw new DocumentLoadError(file, 'the text is empty');

  return { meta: meta.data, doc };
}

function idFromFile(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name
    .replace(/\.[^.]+$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
