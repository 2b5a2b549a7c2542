/** A position in a ProseMirror document (counts node boundaries). */
export type PmPos = number & { readonly __brand: 'PmPos' };
/** An offset into a document's plain text (blocks joined by "\n"): what W3C TextPositionSelectors count. */
export type TextOffset = number & { readonly __brand: 'TextOffset' };

export const pmPos = (n: number) => n as PmPos;
export const textOffset = (n: number) => n as TextOffset;
