import { z } from "zod";

/**
 * What a t.me/<bot>?start=<payload> link asks for. Telegram passes the payload as /start's
 * argument: at most 64 characters of A-Z, a-z, 0-9, _ and - (https://core.telegram.org/bots/features#deep-linking).
 */
export type StartPayload =
  /** From an inline result: films like this one. */
  | { kind: "similar"; movieId: number }
  /** From a group: count me in for that group's movie nights. */
  | { kind: "movienight"; chatId: number }
  /** From inline mode's "start" button, or no payload or one we don't know: the onboarding. */
  | { kind: "onboarding" };

const PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
const MovieId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** Group and supergroup ids are negative (https://core.telegram.org/bots/api#chat); a private chat has no movie night. */
const GroupId = z.coerce.number().int().negative().min(-Number.MAX_SAFE_INTEGER);

export function parseStartPayload(args: string): StartPayload {
  const payload = args.trim();
  if (!PAYLOAD.test(payload)) return { kind: "onboarding" };
  const [, kind, value] = /^([a-z]+)_(.+)$/.exec(payload) ?? [];
  if (kind === "similar" && /^\d+$/.test(value ?? "")) {
    const id = MovieId.safeParse(value);
    if (id.success) return { kind: "similar", movieId: id.data };
  }
  if (kind === "movienight" && /^-\d+$/.test(value ?? "")) {
    const id = GroupId.safeParse(value);
    if (id.success) return { kind: "movienight", chatId: id.data };
  }
  return { kind: "onboarding" };
}

export const similarPayload = (movieId: number) => `similar_${movieId}`;
export const movieNightPayload = (chatId: number) => `movienight_${chatId}`;

/** The link that opens a private chat with the bot and sends it /start <payload>. */
export function startLink(botUsername: string, payload: string): string {
  return `https://t.me/${botUsername}?start=${payload}`;
}
