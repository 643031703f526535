/** Characters of a person's own words said back to them; past it the words are clipped. */
export const QUOTE_CHARS = 60;

/**
 * A person's words said back in a reply ("I couldn't find …"): control and invisible
 * characters removed, spaces collapsed, clipped on a whole code point (a surrogate pair is
 * never split), in quotes. Markup is the front ends' to escape (Discord Markdown, Telegram
 * HTML); this keeps a pasted wall of text from coming back as a wall.
 */
export function quote(text: string, max = QUOTE_CHARS): string {
  const clean = text
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const points = Array.from(clean);
  const shown = points.length > max ? `${points.slice(0, max - 1).join("")}…` : clean;
  return `"${shown}"`;
}
