import { KIND_LABEL, type AgendaItem, type Annotation, type DocumentMeta } from '../../core/index.js';
import { isHiddenAnnotation } from '../annotations/moderation.js';

/** How an agenda item reads in a list: its annotation's kind, pinpoint and words, or its question. */
export function describeItem(item: AgendaItem, annotations: Annotation[], documents: DocumentMeta[]): { title: string; detail: string; annotation: Annotation | null } {
  if (!item.annotationId) return { title: 'Question', detail: item.question ?? '', annotation: null };
  const found = annotations.find((a) => a.id === item.annotationId);
  // Hidden: moderators' lists have it marked; everyone else's left it out, and the page noted why.
  if (found?.hidden || (!found && isHiddenAnnotation(item.annotationId))) return { title: 'Annotation', detail: 'This annotation was hidden by a moderator.', annotation: null };
  const annotation = found && !found.deleted ? found : null;
  if (!annotation) return { title: 'Annotation', detail: 'This annotation was deleted.', annotation: null };
  const doc = documents.find((d) => d.id === annotation.passage.documentId);
  const where = [shortTitle(doc?.title), annotation.passage.pinpoint].filter(Boolean).join(' ');
  const words = annotation.body.trim() || `“${annotation.passage.quote.exact}”`;
  return { title: `${KIND_LABEL[annotation.kind]} · ${where} · ${annotation.author.name}`, detail: words, annotation };
}

function shortTitle(title: string | undefined): string {
  if (!title) return '';
  return title.length > 40 ? `${title.slice(0, 38)}…` : title;
}
