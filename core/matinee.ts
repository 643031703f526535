import type { Catalogue } from "./catalogue.ts";
import { classify } from "./dialogue/intent.ts";
import { displayName } from "./movie.ts";
import { applyOpinions, type Opinion } from "./profile/profile.ts";
import type { ServingModels } from "./recommend/recommend.ts";
import type { Card, Reply } from "./reply/reply.ts";
import { freshUser, type Store, type UserState, userKey } from "./store/store.ts";
import { suggest } from "./suggest.ts";
import { opinionsOf, type TitleMatcher, type TitleMention } from "./titles/find-titles.ts";

/** A message from a person, whatever the platform. */
export interface ChatEvent {
  platform: string;
  userId: string;
  text: string;
}

export interface MatineeDeps {
  catalogue: Catalogue;
  titles: TitleMatcher;
  models: ServingModels;
  store: Store;
  /** Cards per list. */
  pageSize?: number;
  now?: () => number;
}

export interface Matinee {
  /** The one entry point every front end calls: a message in, replies out. */
  handle(event: ChatEvent): Promise<Reply[]>;
}

export const HELP_TEXT = [
  "Tell me films you love (or didn't), in your own words:",
  '  "I loved The Godfather and Heat, not a fan of Cats"',
  "and I'll suggest what to watch next, with the reason for each.",
  "",
  "  more     the next suggestions",
  "  profile  what I know about your taste",
  "  reset    forget everything about you",
  "  help     this message",
].join("\n");

/** Below this a title's version is a guess worth telling the person about. */
const UNSURE = 0.8;

const EMOJI: Record<Opinion, string> = { like: "👍", dislike: "👎", seen: "👀", watchlist: "🔖" };

export function createMatinee(deps: MatineeDeps): Matinee {
  const { catalogue, titles, models, store } = deps;
  const pageSize = deps.pageSize ?? 10;
  const now = deps.now ?? Date.now;
  const name = (movieId: number) => {
    const m = catalogue.byId(movieId);
    return m ? displayName(m) : `#${movieId}`;
  };

  /**
   * The next page of suggestions for a state, and the state with that page marked shown.
   * Pure, so it runs inside the store's per-user update: two messages arriving together
   * can never both see the same "shown" list.
   */
  function nextPage(state: UserState): { cards: Card[]; state: UserState } {
    if (state.profile.liked.length === 0) return { cards: [], state };
    const cards = suggest(catalogue, models, state.profile, {
      k: pageSize,
      exclude: state.conversation.shown,
    });
    const ids = cards.map((c) => c.movieId);
    return {
      cards,
      state: { ...state, conversation: { shown: [...state.conversation.shown, ...ids], lastCards: ids } },
    };
  }

  function pageReply(cards: Card[], state: UserState, intro: string): Reply {
    if (state.profile.liked.length === 0)
      return { text: "Tell me a few films you love first, and I'll find more like them." };
    if (cards.length === 0) return { text: "I've run out of new suggestions. Say `reset` to start afresh." };
    return { text: intro, cards };
  }

  /** Applies `change` and pages on, as one atomic update of the user's state. */
  async function updateAndPage(
    key: string,
    change: (s: UserState) => UserState,
    intro: string,
  ): Promise<Reply> {
    let cards: Card[] = [];
    const state = await store.update(key, (s) => {
      const page = nextPage(change(s));
      cards = page.cards;
      return page.state;
    });
    return pageReply(cards, state, intro);
  }

  function understood(mentions: TitleMention[]): string[] {
    const lines: string[] = [];
    const opinions = mentions.filter((m) => m.sentiment !== "neutral");
    if (opinions.length > 0) {
      lines.push(
        `Got it: ${opinions.map((m) => `${EMOJI[m.sentiment as Opinion]} ${name(m.movieId)}`).join(", ")}`,
      );
    }
    const neutral = mentions.filter((m) => m.sentiment === "neutral");
    if (neutral.length > 0) {
      lines.push(`Noted ${neutral.map((m) => name(m.movieId)).join(", ")}, without a like or dislike.`);
    }
    for (const m of mentions) {
      if (m.confidence < UNSURE && m.alternatives.length > 0) {
        const others = m.alternatives.slice(0, 3).map(name).join(" or ");
        lines.push(`(By "${m.text}" I took ${name(m.movieId)}; for ${others}, add the year.)`);
      }
    }
    return lines;
  }

  async function tell(key: string, text: string): Promise<Reply[]> {
    const mentions = titles.find(text);
    if (mentions.length === 0) {
      return [
        {
          text:
            "I couldn't find a film title in that. Try titles as they appear on the poster, " +
            'like "Heat" or "The Godfather (1972)", or say `help`.',
        },
      ];
    }
    const opinions = opinionsOf(mentions);
    const at = now();
    const page = await updateAndPage(
      key,
      (s) => ({ ...s, profile: applyOpinions(s.profile, opinions, at) }),
      "Here are some films you might like:",
    );
    return [{ text: understood(mentions).join("\n") }, page];
  }

  async function profile(key: string): Promise<Reply> {
    const p = (await store.get(key))?.profile;
    if (!p || (p.liked.length === 0 && p.disliked.length === 0)) {
      return { text: "I don't know your taste yet. Tell me a few films you love." };
    }
    const list = (ids: { movieId: number }[]) => ids.map((e) => name(e.movieId)).join(", ") || "none yet";
    return { text: [`👍 Liked: ${list(p.liked)}`, `👎 Disliked: ${list(p.disliked)}`].join("\n") };
  }

  return {
    async handle(event: ChatEvent): Promise<Reply[]> {
      const key = userKey(event.platform, event.userId);
      const intent = classify(event.text);
      switch (intent.kind) {
        case "help":
          return [{ text: HELP_TEXT }];
        case "forget": {
          const had = await store.delete(key);
          return [
            { text: had ? "Done: I've forgotten everything about you." : "I had nothing stored about you." },
          ];
        }
        case "profile":
          return [await profile(key)];
        case "more": {
          // Nothing to page from: answer without creating a record for a stranger.
          const known = await store.get(key);
          if (!known?.profile.liked.length) return [pageReply([], known ?? freshUser(key, now()), "")];
          return [await updateAndPage(key, (s) => s, "More films you might like:")];
        }
        case "tell":
          return tell(key, event.text);
      }
    },
  };
}
