import type { Annotation, Person } from '../../core/index.js';
import type { Connection } from '../connection.js';
import { refusalOf } from '../refusal.js';
import { documentPath, navigate } from '../router.js';

/**
 * The facilitator puts an item under discussion (the one before it counts as discussed) and goes
 * to its annotation, which takes everyone following along. Returns why it was refused, or null.
 */
export function discussItem(connection: Connection, me: Person, itemId: string, annotations: Annotation[]): string | null {
  const store = connection.workspace.seminar();
  const failure = refusalOf(() => store.setNowDiscussing(itemId, me, 'local'));
  if (failure) return failure;
  const annotation = annotations.find((a) => a.id === store.item(itemId)?.annotationId);
  if (annotation) navigate(documentPath(connection.workspaceId, annotation.passage.documentId, null, annotation.id));
  return null;
}
