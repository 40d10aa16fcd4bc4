/** A piece of a chat message: plain text, or a web address shown as a link. */
export type ChatPiece = { text: string } | { text: string; href: string };

const ADDRESS = /https?:\/\/[^\s<>"]+/gi;
/** Punctuation that ends a sentence rather than the address ("see https://x.org."). */
const TRAILING = /[.,;:!?'")\]}]+$/;

/**
 * Splits a message into text and links. Only http and https addresses become links; the
 * rest stays text, so no message can carry markup or a script address.
 */
export function chatPieces(message: string): ChatPiece[] {
  const pieces: ChatPiece[] = [];
  let rest = 0;
  for (const match of message.matchAll(ADDRESS)) {
    const address = match[0].replace(TRAILING, '');
    const href = webAddress(address);
    if (!href) continue;
    const start = match.index;
    if (start > rest) pieces.push({ text: message.slice(rest, start) });
    pieces.push({ text: address, href });
    rest = start + address.length;
  }
  if (rest < message.length) pieces.push({ text: message.slice(rest) });
  return pieces;
}

function webAddress(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
