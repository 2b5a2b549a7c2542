import { useEffect, useRef } from 'preact/hooks';
import { DOMSerializer } from 'prosemirror-model';
import { schema } from '../../core/index.js';
import { parseMarkdown } from '../../core/text/index.js';

const serializer = DOMSerializer.fromSchema(schema);

/**
 * Renders limited Markdown (emphasis, links, lists, quotes) by parsing it into the shared
 * schema and building DOM nodes from it: text is only ever text, raw HTML stays visible as
 * characters, and links other than http(s) and mailto are inert.
 */
export function Markdown({ source, class: className }: { source: string; class?: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current!;
    el.replaceChildren(serializer.serializeFragment(parseMarkdown(source).content));
  }, [source]);
  return <div class={`markdown ${className ?? ''}`} ref={host} />;
}
