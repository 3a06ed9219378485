/** Words that say nothing about which article helps. */
const STOP_WORDS = new Set(['the', 'and', 'for', 'with', 'not', 'but', 'our', 'can', 'cannot', "can't", 'does', "doesn't", 'keeps', 'when', 'this', 'that', 'from', 'have', 'has', 'any', 'all', 'again', 'every', 'since', 'work', 'working', 'get', 'got', 'after', 'before', 'why', 'how', 'what', 'there']);

/** How many words are searched for; each is one request to the server. */
export const MAX_SEARCH_WORDS = 4;

/**
 * The words worth searching the knowledge base for, in the order typed (the subject comes first,
 * so its words win): three characters or more (VPN counts, PC does not), no filler words, no repeats.
 */
export function searchWordsOf(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}\-.]*/gu) ?? [];
  const telling = words.map((w) => w.replace(/[-.]+$/, '')).filter((w) => w.length >= 3 && !STOP_WORDS.has(w));
  return [...new Set(telling)].slice(0, MAX_SEARCH_WORDS);
}
