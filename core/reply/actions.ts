import { z } from "zod";
import { type Translator, translator } from "../i18n/i18n.ts";
import type { Card } from "./reply.ts";

/** What a person can tell us about one film by a button or an emoji reaction. */
export const SIGNALS = ["like", "dislike", "seen", "watchlist"] as const;
export type Signal = (typeof SIGNALS)[number];

/**
 * Everything a person can ask for without typing a sentence: buttons, slash commands,
 * reactions. Adapters build these from platform events; the core handles them.
 */
export type Action =
  /** 👍 👎 👀 🔖 on a card (button or reaction). */
  | { type: "feedback"; movieId: number; signal: Signal }
  /** "More like this" on a card, or `/similar` once a title is resolved. */
  | { type: "similar"; movieId: number }
  /** `/similar <title>` as typed (autocomplete may send "id:123"). */
  | { type: "similarTo"; query: string }
  /** `/like <title>`, `/dislike <title>`. */
  | { type: "opinion"; query: string; signal: "like" | "dislike" }
  /** The answer to "Did you mean…?": this version, instead of the guess. */
  | { type: "choose"; movieId: number; instead?: number }
  /** `/recommend [genre] [decade]`. */
  | { type: "recommend"; genre?: string; decade?: string }
  /**
   * "More picks": the next page of the list `listId` names (a button always carries it, so an
   * old button can't page on a newer list); typed "more" carries none: the current list.
   */
  | { type: "more"; listId?: string }
  /** A list shown again as it was (Telegram's ◀ ▶ pager edits its one message from it). */
  | { type: "list"; listId: string }
  | { type: "profile" }
  | { type: "help" }
  /** `/forget` asks first; the confirmation button carries confirmed: true. */
  | { type: "forget"; confirmed: boolean }
  /** `/region DE`: the country for where-to-watch. */
  | { type: "region"; code: string }
  /**
   * A movie night: the person asking plus these users of the same platform, or (everyone)
   * plus every person who opted in to movie nights in this place.
   */
  | { type: "group"; members: string[]; everyone?: boolean }
  /** "Close vote" (button or typed): the asker ends the movie night's vote now. */
  | { type: "closeVote" }
  /** "Count me in" under a movie-night invitation: the presser opts in for the place they pressed it in. */
  | { type: "joinNight" }
  /** `/language ko`, a language button; without a code, the question "which language?". */
  | { type: "language"; code?: string }
  /** An emoji on one of the bot's messages; the core knows which film that message showed. */
  | { type: "react"; messageRef: string; emoji: string };

/** A button: what it says, and what pressing it does. */
export interface Choice {
  label: string;
  action: Action;
}

const EMOJI_SIGNALS: Record<string, Signal> = {
  "👍": "like",
  "❤️": "like",
  "❤": "like",
  "🔥": "like",
  "😍": "like",
  "👎": "dislike",
  "💩": "dislike",
  "🥱": "dislike",
  "👀": "seen",
  "✅": "seen",
  "✔️": "seen",
  "🔖": "watchlist",
  "📌": "watchlist",
};

/** What an emoji reaction means, if anything (platforms send skin-tone variants too). */
export function signalOfEmoji(emoji: string): Signal | undefined {
  const base = emoji.replace(/[\u{1F3FB}-\u{1F3FF}\uFE0F]/gu, "");
  return EMOJI_SIGNALS[emoji] ?? EMOJI_SIGNALS[base];
}

export const SIGNAL_EMOJI: Record<Signal, string> = {
  like: "👍",
  dislike: "👎",
  seen: "👀",
  watchlist: "🔖",
};

/** The buttons under every card, in display order. */
export function cardChoices(card: Pick<Card, "movieId">, tr: Translator = translator()): Choice[] {
  return [
    { label: "👍", action: { type: "feedback", movieId: card.movieId, signal: "like" } },
    { label: "👎", action: { type: "feedback", movieId: card.movieId, signal: "dislike" } },
    { label: tr.t("button-seen"), action: { type: "feedback", movieId: card.movieId, signal: "seen" } },
    { label: tr.t("button-similar"), action: { type: "similar", movieId: card.movieId } },
  ];
}

// Compact button payloads: Telegram allows 64 bytes of callback_data, Discord 100 chars of custom_id.
const SIGNAL_CODES: Record<Signal, string> = { like: "l", dislike: "d", seen: "s", watchlist: "w" };
const CODE_SIGNALS = Object.fromEntries(Object.entries(SIGNAL_CODES).map(([s, c]) => [c, s])) as Record<
  string,
  Signal
>;

/** A button's action as a short string ("f:l:858"), or undefined for actions no button carries. */
export function encodeAction(action: Action): string | undefined {
  switch (action.type) {
    case "feedback":
      return `f:${SIGNAL_CODES[action.signal]}:${action.movieId}`;
    case "similar":
      return `s:${action.movieId}`;
    case "choose":
      return action.instead === undefined ? `c:${action.movieId}` : `c:${action.movieId}:${action.instead}`;
    case "more":
      return action.listId === undefined ? "m" : `m:${action.listId}`;
    case "forget":
      return action.confirmed ? "x:y" : "x:n";
    case "joinNight":
      return "n:j";
    case "closeVote":
      return "v:c";
    case "language":
      return action.code === undefined ? "g" : `g:${action.code}`;
    default:
      return undefined;
  }
}

const movieId = z.coerce.number().int().positive();

/** A list's id as buttons carry it (core/turns/lists.ts makes them: base 36, a few characters). */
export const LIST_ID = /^[0-9a-z]{1,12}$/;

/** A language's code as a button carries it ("ko", "pt-BR"). */
const LANGUAGE_CODE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/;

/** Parses a button payload back; anything malformed or forged is undefined, never a crash. */
export function decodeAction(data: string): Action | undefined {
  const [code, a, b, ...rest] = data.split(":");
  if (rest.length > 0) return undefined;
  const id = (s: string | undefined) => {
    const r = movieId.safeParse(s);
    return r.success ? r.data : undefined;
  };
  switch (code) {
    case "f": {
      const signal = a === undefined ? undefined : CODE_SIGNALS[a];
      const m = id(b);
      return signal && m !== undefined ? { type: "feedback", movieId: m, signal } : undefined;
    }
    case "s": {
      const m = id(a);
      return m !== undefined && b === undefined ? { type: "similar", movieId: m } : undefined;
    }
    case "c": {
      const m = id(a);
      if (m === undefined) return undefined;
      if (b === undefined) return { type: "choose", movieId: m };
      const instead = id(b);
      return instead === undefined ? undefined : { type: "choose", movieId: m, instead };
    }
    case "m":
      if (a === undefined) return { type: "more" };
      return LIST_ID.test(a) && b === undefined ? { type: "more", listId: a } : undefined;
    case "x":
      return a === "y" || a === "n" ? { type: "forget", confirmed: a === "y" } : undefined;
    case "n":
      return a === "j" && b === undefined ? { type: "joinNight" } : undefined;
    case "v":
      return a === "c" && b === undefined ? { type: "closeVote" } : undefined;
    case "g":
      if (a === undefined) return { type: "language" };
      return LANGUAGE_CODE.test(a) && b === undefined ? { type: "language", code: a } : undefined;
    default:
      return undefined;
  }
}

/** Who a button is for: a platform user id, as "@<id>" after the action (Discord snowflakes, Telegram ids). */
const OWNER = /^[0-9A-Za-z_-]{1,32}$/;

/**
 * A button's payload for a message shown to `owner`: the action, and whom it was asked of,
 * so the adapter can refuse someone else's answer to a question ("Did you mean…?", "forget?")
 * and keep another person's 👍 off the owner's message. Stateless: any process (any Discord
 * shard, any webhook instance) can judge a press from the payload alone.
 */
export function encodeButton(action: Action, owner?: string): string | undefined {
  const body = encodeAction(action);
  if (body === undefined) return undefined;
  return owner !== undefined && OWNER.test(owner) ? `${body}@${owner}` : body;
}

/** A button payload back: its action and, when it names one, its owner; undefined when malformed. */
export function decodeButton(data: string): { action: Action; owner?: string } | undefined {
  const at = data.indexOf("@");
  const body = at < 0 ? data : data.slice(0, at);
  const owner = at < 0 ? undefined : data.slice(at + 1);
  if (owner !== undefined && !OWNER.test(owner)) return undefined;
  const action = decodeAction(body);
  if (!action) return undefined;
  return owner === undefined ? { action } : { action, owner };
}

/** Actions that answer a question asked of one person: nobody else may answer them. */
export function answersQuestion(action: Action): boolean {
  return action.type === "choose" || action.type === "forget";
}
