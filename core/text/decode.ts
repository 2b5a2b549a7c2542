import { SourceError } from './source-error.js';

/**
 * Bytes as text: in the declared charset (or, for HTML, the one its `<meta>` names), else UTF-8,
 * else Windows-1252 (older pages); refuses bytes that are not text at all.
 */
export function decodeText(bytes: Uint8Array, charset?: string, html = false): string {
  const label = charset ?? (html ? metaCharset(bytes) : undefined);
  let text: string | undefined;
  if (label && !/^utf-?8$/i.test(label)) {
    try {
      text = new TextDecoder(label).decode(bytes);
    } catch {
      // An unknown label: read it as if none had been given.
    }
  }
  if (text === undefined) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('windows-1252').decode(bytes);
    }
  }
  if (looksBinary(text)) throw new SourceError('the file is not text (it looks like binary data)');
  return text;
}

/** NUL bytes, or more than 2% control characters: a binary file, whatever it calls itself. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, 65_536);
  const controls = sample.match(/[\u0001-\u0008\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  return sample.length > 0 && controls / sample.length > 0.02;
}

function metaCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
}
