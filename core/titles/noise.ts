/**
 * Parts of a chat message that are never film titles however their letters read: links
 * ("…/login" is no Logan), e-mail addresses, bot commands ("!help" is no The Help), and
 * numbers written with a sign ("#-1", "#3" are no The One). They are blanked out, same
 * length, so every offset into the message still holds.
 */
const NOISE = new RegExp(
  [
    // Links, with or without a scheme: "https://x.io/login", "www.x.com/a", "x.com/login".
    String.raw`\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+`,
    String.raw`\b[\w.-]+\.(?:com|org|net|io|co|gg|me|tv|app|dev|ly)\/\S*`,
    String.raw`\b[\w.+-]+@[\w-]+\.[\w.-]+`,
    // A bot command: "!help", "/start", at the start or after a space.
    String.raw`(?<=^|\s)[!/][a-z][\w-]*`,
    // A number sign and what it numbers: "#-1", "#42".
    String.raw`#-?\d+`,
  ].join("|"),
  "gi",
);

export function maskNoise(text: string): string {
  return text.replace(NOISE, (m) => " ".repeat(m.length));
}
