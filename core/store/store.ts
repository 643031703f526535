import { emptyProfile, type Profile } from "../profile/profile.ts";

/** A guess the bot made about which version of a title was meant, and the other versions it offered. */
export interface PendingChoice {
  /** The words as written. */
  text: string;
  guess: number;
  options: number[];
}

/** Where a conversation stands between messages. */
export interface Conversation {
  /** Films already shown, so "more" and new lists do not repeat them. */
  shown: number[];
  /** Films of the last list, in order ("tell me about the second one"). */
  lastCards: number[];
  /** The current list's id: "More picks" under any other list does not page on this one. */
  listId?: string;
  /** The latest few lists as shown (newest last), so a list's one message can page through them again. */
  lists?: ShownList[];
  /** Titles whose version the bot guessed and asked about ("Did you mean It (1990) or It (2017)?"). */
  pending?: PendingChoice[];
  /** When `pending` was asked: an answer after the question's time to live is not one. */
  pendingAt?: number;
  /** Films named most recently (last is newest): which version of a title the person means next. */
  mentioned?: number[];
  /** What the current list is narrowed to ("more 80s stuff", /recommend crime); "more" keeps it. */
  filter?: ListFilter | undefined;
  /** A yes/no question awaiting an answer ("forget everything?"). */
  confirming?: "forget" | undefined;
  /**
   * When `confirming` was asked. A question without it (stored before questions expired)
   * counts as expired: a yes must never delete more than the person saw when asked.
   */
  confirmingAt?: number | undefined;
}

/** One list as it was shown: enough to draw it again (the films, each with its reasons). */
export interface ShownList {
  id: string;
  /** Its heading ("Films like Heat:"). */
  text: string;
  cards: { movieId: number; reasons: string[] }[];
}

/** Narrowing of one request's list. */
export interface ListFilter {
  genre?: string;
  decade?: string;
  person?: string;
  /** "something newer/older": released after / before this year. */
  after?: number;
  before?: number;
  /** "something lighter": comedies, animation, family, no horror or war. */
  lighter?: boolean;
  /** "more like X": the list is about this film. */
  like?: number;
}

/** A card the bot sent as its own platform message: reactions on that message are about this film. */
export interface SentCard {
  movieId: number;
  /** The user the card was shown to (deleted with them on /forget). */
  key: string;
  at: number;
}

/** Everything Matinee keeps about one person on one platform. */
export interface UserState {
  /** "<platform>:<user id>", e.g. "telegram:12345". */
  key: string;
  /** Display name the platform last gave (for movie-night replies). */
  name?: string;
  /** ISO 3166-1 country code for where-to-watch ("/region DE"); the configured default if unset. */
  region?: string;
  /**
   * The language Matinee speaks to this person ("en", "ko"): set by `/language`, or, for
   * someone new, from their platform's locale (core/i18n). English when unset.
   */
  language?: string;
  profile: Profile;
  conversation: Conversation;
  /** Places ("discord:<channel>") where this person opted in to movie nights, newest last. */
  movieNightIn?: string[];
  /** Films this person named somewhere public (a channel, a group): the only ones a movie-night card may name. */
  publicFilms?: number[];
  updatedAt: number;
}

/**
 * A vote a movie night opened in one place: what a close arriving later (or after a
 * restart) is checked against, and what its winner means for whom.
 */
export interface OpenPoll {
  /** The core's id for it; the front end names its own message for it in `messageRef`. */
  id: string;
  /** The platform message showing the poll ("discord:<channel>:<message>"), once the front end said. */
  messageRef?: string;
  /** Who asked for the movie night: only they close it early. */
  asker: string;
  askerName?: string;
  /** The films voted on, in the group list's order (a tie goes to the earlier one). */
  movieIds: number[];
  /** Whose films made the list (store keys): the winner becomes seen for each of them. */
  members: string[];
  openedAt: number;
  /** When the vote ends by itself (the front end's timer or the platform's own). */
  closesAt: number;
}

/** What Matinee keeps about one place (a channel, a group chat, the terminal). */
export interface PlaceState {
  /** "discord:<channel id>", "telegram:<chat id>", "terminal". */
  id: string;
  /** The one vote open here, if any: a new movie night replaces it. */
  poll?: OpenPoll;
  updatedAt: number;
}

/**
 * All state that matters lives behind this interface, so any process can serve any
 * message and the backend can change (lowdb now, PostgreSQL later). Updates for one user
 * are applied one at a time, in arrival order.
 */
export interface Store {
  get(key: string): Promise<UserState | undefined>;
  /** Reads the user's state (a fresh one if none), applies `change`, saves, returns the result. */
  update(key: string, change: (state: UserState) => UserState): Promise<UserState>;
  /** Removes everything about the user (cards sent to them included); true if there was anything. */
  delete(key: string): Promise<boolean>;
  /** Remembers which film a platform message showed ("telegram:<chat>:<message>"). */
  rememberCard(messageRef: string, card: SentCard): Promise<void>;
  recallCard(messageRef: string): Promise<SentCard | undefined>;
  getPlace(id: string): Promise<PlaceState | undefined>;
  /** As `update`, for a place: one change at a time, a fresh place if none. */
  updatePlace(id: string, change: (place: PlaceState) => PlaceState): Promise<PlaceState>;
  /**
   * Adds a person to the place's movie-night roster ("movie night with everyone" reads it).
   * Only an index: consent itself is the person's own `movieNightIn`, checked on every use,
   * and `delete` takes them off every roster.
   */
  joinRoster(place: string, key: string): Promise<void>;
  /** Who joined the place's roster, earliest first. */
  roster(place: string): Promise<string[]>;
  close(): Promise<void>;
}

export function userKey(platform: string, id: string): string {
  return `${platform}:${id}`;
}

export function freshPlace(id: string, now: number): PlaceState {
  return { id, updatedAt: now };
}

/** The state of someone Matinee has not met yet. */
export function freshUser(key: string, now: number): UserState {
  return { key, profile: emptyProfile(), conversation: { shown: [], lastCards: [] }, updatedAt: now };
}
