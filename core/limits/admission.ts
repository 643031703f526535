import { type ChatEvent, isAction, isImport } from "../events.ts";
import { type Translator, translator } from "../i18n/i18n.ts";
import { thousands } from "../reply/numbers.ts";
import type { Reply } from "../reply/reply.ts";
import type { InputLimits } from "./limits.ts";
import { TokenBuckets } from "./token-bucket.ts";

const tooLong = (tr: Translator, length: number, max: number) =>
  tr.t("limit-too-long", { length: thousands(length), max: thousands(max) });

/**
 * The limits every event meets before its turn: messages per second per person, then a
 * message's length. Returns the refusal (empty for a dropped message), or undefined to go on.
 * Refusals are said in the platform's language for the person (no store is read for them).
 */
export function admission(
  limits: InputLimits,
  now: () => number,
): (event: ChatEvent, key: string, tr?: Translator) => Reply[] | undefined {
  const buckets = limits.rate ? new TokenBuckets(limits.rate, now) : undefined;
  return (event, key, tr = translator()) => {
    const slowDown = () => [{ text: tr.t("limit-slow-down"), error: true }];
    // An import over the rate is told so (never dropped quietly), before any of the file is read.
    if (isImport(event)) return buckets && buckets.admit(key) !== "ok" ? slowDown() : undefined;
    // Limits first, before a regex or the title reader sees a character of the text.
    const admitted = buckets?.admit(key) ?? "ok";
    if (admitted === "drop") return [];
    if (admitted === "slow-down") return slowDown();
    if (!isAction(event) && event.text.length > limits.messageChars)
      return [{ text: tooLong(tr, event.text.length, limits.messageChars), error: true }];
    return undefined;
  };
}
