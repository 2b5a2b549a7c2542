import { useContext, useEffect, useState } from 'preact/hooks';
import { HiddenContent, type Annotation, type AnnotationRecord, type Reply } from '../../core/index.js';
import { api } from '../api.js';
import { ModerationContext } from './moderation.js';

/**
 * The words of hidden items, which the server keeps out of the shared document and hands to
 * moderators only (`GET …/hidden-content`). Fetched when a hidden card shows, not before; one
 * request at a time, asked again when a card needs words the last answer did not have.
 */
export class HiddenWords {
  private last: HiddenContent | null = null;
  private pending: Promise<HiddenContent> | null = null;

  constructor(private readonly workspaceId: string) {}

  /**
   * The kept record of an annotation and the kept replies of its thread. `wanted` names what the
   * card lacks with the time it was last written (a placeholder keeps it): an older answer for an
   * item hidden, shown, edited and hidden again does not count.
   */
  async of(annotationId: string, wanted: { record: string | null; replies: [string, string][] }): Promise<KeptOf> {
    const find = (content: HiddenContent): KeptOf => ({
      record: content.annotations.find((a) => a.annotationId === annotationId)?.record ?? null,
      replies: new Map(content.replies.filter((r) => r.annotationId === annotationId).map((r) => [r.replyId, r.reply])),
    });
    const complete = (kept: KeptOf) => (wanted.record === null || kept.record?.updated === wanted.record) && wanted.replies.every(([id, updated]) => kept.replies.get(id)?.updated === updated);
    if (this.last && complete(find(this.last))) return find(this.last);
    this.pending ??= api<unknown>(`/api/workspaces/${encodeURIComponent(this.workspaceId)}/hidden-content`)
      .then((body) => (this.last = HiddenContent.parse(body)))
      .finally(() => (this.pending = null));
    return find(await this.pending);
  }
}

export interface KeptOf {
  record: AnnotationRecord | null;
  replies: Map<string, Reply>;
}

/**
 * For a moderator's card: the kept words of this annotation and of its withheld replies, once
 * fetched. Null while there is nothing to fetch, nobody to fetch for, or the answer is not in.
 */
export function useHiddenWords(annotation: Annotation): { kept: KeptOf | null; error: string | null } {
  const { seesHidden, hiddenWords } = useContext(ModerationContext);
  const withheldReplies = annotation.replies.filter((r) => r.withheld).map((r): [string, string] => [r.id, r.updated]);
  const wanted = annotation.withheld === true || withheldReplies.length > 0;
  const key = `${annotation.id}|${annotation.withheld ? annotation.updated : ''}|${withheldReplies.join(',')}`;
  const [state, setState] = useState<{ key: string; kept: KeptOf | null; error: string | null }>({ key: '', kept: null, error: null });
  useEffect(() => {
    if (!seesHidden || !hiddenWords || !wanted) return;
    let live = true;
    hiddenWords.of(annotation.id, { record: annotation.withheld ? annotation.updated : null, replies: withheldReplies }).then(
      (kept) => live && setState({ key, kept, error: null }),
      (error: Error) => live && setState({ key, kept: null, error: `Its words could not be fetched: ${error.message}` }),
    );
    return () => {
      live = false;
    };
  }, [key, seesHidden, hiddenWords]);
  return state.key === key ? { kept: state.kept, error: state.error } : { kept: null, error: null };
}
