/**
 * Telegram's flood limits as the fake applies them
 * (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this): "in a
 * group, bots are not able to send more than 20 messages per minute"; in one private chat
 * "avoid sending more than one message per second", a soft limit ("we may allow short
 * bursts"), so it is off unless a test sets it. Past the limit a send is HTTP 429
 * `{error_code: 429, description: "Too Many Requests: retry after N", parameters: {retry_after: N}}`,
 * N whole seconds until the window ends. Windows run on the wall clock: grammY's auto-retry
 * waits N real seconds, so suites shorten `windowMs` rather than the count.
 */
export interface FloodWindow {
  limit: number;
  windowMs: number;
}

export const GROUP_MESSAGES: FloodWindow = { limit: 20, windowMs: 60_000 };

/** Methods that send a new message into a chat (edits and answers do not count). */
export const SENDING_METHODS = new Set([
  "sendMessage",
  "sendPhoto",
  "sendDocument",
  "sendVideo",
  "sendAnimation",
  "sendAudio",
  "sendVoice",
  "sendSticker",
  "sendPoll",
  "sendMediaGroup",
  "sendLocation",
  "sendContact",
  "sendDice",
  "copyMessage",
  "forwardMessage",
]);

export class FloodControl {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    private readonly group: FloodWindow | false,
    private readonly privateChat: FloodWindow | false,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Counts one message to `chatId`; the seconds to wait instead when over the limit. */
  take(chatId: number): number | undefined {
    const rule = chatId < 0 ? this.group : this.privateChat;
    if (!rule) return undefined;
    const now = this.now();
    const key = String(chatId);
    let window = this.windows.get(key);
    if (!window || now >= window.start + rule.windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(key, window);
    }
    if (window.used < rule.limit) {
      window.used++;
      return undefined;
    }
    return Math.max(1, Math.ceil((window.start + rule.windowMs - now) / 1000));
  }
}
