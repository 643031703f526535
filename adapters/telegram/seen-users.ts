import type { User } from "grammy/types";

/** Usernames remembered across all chats; the oldest sighting goes first past this. */
const DEFAULT_CAPACITY = 10_000;

/**
 * Who the bot has seen in which chat, by @username. The Bot API cannot look a username up,
 * so "/movienight @ann" can only name someone who has written (or been replied to) in that
 * chat since the bot started, or who opened its movie-night link. In memory and bounded:
 * a restart forgets, and the reply says how to be found again.
 */
export class SeenUsers {
  private readonly ids = new Map<string, number>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  private static key(chatId: number, username: string): string {
    return `${chatId}:${username.replace(/^@/, "").toLowerCase()}`;
  }

  note(chatId: number, user: User | undefined): void {
    if (!user?.username || user.is_bot) return;
    const key = SeenUsers.key(chatId, user.username);
    // Re-inserted, so the map's order is the order of last sighting.
    this.ids.delete(key);
    this.ids.set(key, user.id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.keys().next().value!);
  }

  idOf(chatId: number, username: string): number | undefined {
    return this.ids.get(SeenUsers.key(chatId, username));
  }

  get size(): number {
    return this.ids.size;
  }
}
