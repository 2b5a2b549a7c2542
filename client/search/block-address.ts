// A block is addressed by its stable id in the fragment of the address: `#block-<id>`.
const PREFIX = '#block-';

/** The address of a block, given its document's address (the document alone when the block has no id). */
export function blockPath(documentAddress: string, blockId: string | null): string {
  return documentAddress + (blockId ? PREFIX + encodeURIComponent(blockId) : '');
}

/** The block id the address points at, if any. */
export function blockInAddress(hash: string): string | null {
  return hash.startsWith(PREFIX) ? decodeURIComponent(hash.slice(PREFIX.length)) : null;
}
