import { type ChatEvent, isAction, isImport } from "../events.ts";
import { thousands } from "../reply/numbers.ts";
import type { Reply } from "../reply/reply.ts";
import type { InputLimits } from "./limits.ts";
import { TokenBuckets } from "./token-bucket.ts";

const SLOW_DOWN =
  "Slow down a little: you're sending messages faster than I can read them. I skipped the last few; send them again in a moment.";
const tooLong = (length: number, max: number) =>
  `That message is ${thousands(length)} characters long; I read up to ${thousands(max)} at a time. ` +
  "Send your films over a few shorter messages, or `import` a Letterboxd or IMDb export for a whole history.";

/**
 * The limits every event meets before its turn: messages per second per person, then a
 * message's length. Returns the refusal (empty for a dropped message), or undefined to go on.
 */
export function admission(
  limits: InputLimits,
  now: () => number,
): (event: ChatEvent, key: string) => Reply[] | undefined {
  const buckets = limits.rate ? new TokenBuckets(limits.rate, now) : undefined;
  return (event, key) => {
    // An import over the rate is told so (never dropped quietly), before any of the file is read.
    if (isImport(event))
      return buckets && buckets.admit(key) !== "ok" ? [{ text: SLOW_DOWN, error: true }] : undefined;
    // Limits first, before a regex or the title reader sees a character of the text.
    const admitted = buckets?.admit(key) ?? "ok";
    if (admitted === "drop") return [];
    if (admitted === "slow-down") return [{ text: SLOW_DOWN, error: true }];
    if (!isAction(event) && event.text.length > limits.messageChars)
      return [{ text: tooLong(event.text.length, limits.messageChars), error: true }];
    return undefined;
  };
}
