/**
 * Telegram's HTML parse mode as its server applies it (https://core.telegram.org/bots/api#html-style),
 * strict where Telegram is: only its tags, properly nested; only &lt; &gt; &amp; &quot; and
 * numeric entities; a bare "<", ">" or "&" is an error. Returns the visible text (what the
 * length limits count), or the error Telegram would answer with.
 */
const TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "span",
  "tg-spoiler",
  "tg-emoji",
  "blockquote",
]);
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  const open: string[] = [];
  let text = "";
  const token =
    /<(\/?)([a-zA-Z-]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|([<>&])|([^<>&]+)/gy;
  let at = 0;
  token.lastIndex = 0;
  while (at < html.length) {
    const m = token.exec(html);
    if (m === null) break;
    at = token.lastIndex;
    const [, slash, tag, attrs, entity, bare, plain] = m;
    if (plain !== undefined) text += plain;
    else if (bare !== undefined) return { error: `Can't parse entities: unexpected "${bare}" at ${m.index}` };
    else if (entity !== undefined) {
      if (entity.startsWith("#")) {
        const code = entity[1] === "x" ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
        text += String.fromCodePoint(code);
      } else if (NAMED[entity] !== undefined) text += NAMED[entity];
      else return { error: `Can't parse entities: unsupported entity "&${entity};"` };
    } else if (tag !== undefined) {
      const name = tag.toLowerCase();
      if (!TAGS.has(name)) return { error: `Can't parse entities: unsupported start tag "${name}"` };
      if (slash) {
        if (open.pop() !== name) return { error: `Can't parse entities: unmatched end tag "${name}"` };
      } else {
        if (name === "a" && !/\bhref="[^"]+"/.test(attrs ?? ""))
          return { error: "Can't parse entities: <a> without href" };
        open.push(name);
      }
    }
  }
  if (at < html.length) return { error: `Can't parse entities: malformed markup at ${at}` };
  if (open.length > 0) return { error: `Can't parse entities: unclosed start tag "${open.at(-1)}"` };
  return { text };
}
