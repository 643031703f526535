import { emptyProfile, type Profile } from "../profile/profile.ts";

/** Where a conversation stands between messages. */
export interface Conversation {
  /** Films already shown, so "more" and new lists do not repeat them. */
  shown: number[];
  /** Films of the last list, in order ("tell me about the second one"). */
  lastCards: number[];
}

/** Everything Matinee keeps about one person on one platform. */
export interface UserState {
  /** "<platform>:<user id>", e.g. "telegram:12345". */
  key: string;
  profile: Profile;
  conversation: Conversation;
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
  /** Removes everything about the user; true if there was anything. */
  delete(key: string): Promise<boolean>;
  close(): Promise<void>;
}

export function userKey(platform: string, id: string): string {
  return `${platform}:${id}`;
}

/** The state of someone Matinee has not met yet. */
export function freshUser(key: string, now: number): UserState {
  return { key, profile: emptyProfile(), conversation: { shown: [], lastCards: [] }, updatedAt: now };
}
