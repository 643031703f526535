import type { Catalogue } from "../catalogue.ts";
import { yieldToLoop } from "../event-loop.ts";
import type { Choice } from "../reply/actions.ts";
import { type Bundle, bundle } from "../reply/bundles.ts";
import type { Card, Reply } from "../reply/reply.ts";
import { similarCards } from "../similar.ts";
import type { ListFilter, UserState } from "../store/store.ts";
import { suggest } from "../suggest.ts";
import type { SharedContext, TurnContext } from "./context.ts";
import { idOf, withName } from "./helpers.ts";

export const MORE: Choice = { label: "More picks", action: { type: "more" } };

/**
 * The next page of the current list for a state, and the state with that page marked
 * shown. Pure, so it runs inside the store's per-user update: two messages arriving
 * together can never both see the same "shown" list.
 */
function nextPage(
  ctx: SharedContext,
  state: UserState,
): { cards: Card[]; bundles?: Bundle[]; state: UserState } {
  const { catalogue, models, pageSize } = ctx;
  const { conversation, profile } = state;
  const filter = conversation.filter;
  let cards: Card[];
  if (filter?.like !== undefined) {
    const skip = new Set([
      ...conversation.shown,
      ...[...profile.liked, ...profile.disliked, ...profile.seen].map(idOf),
    ]);
    cards = similarCards(catalogue, models, filter.like, pageSize + skip.size)
      .filter((c) => !skip.has(c.movieId))
      .slice(0, pageSize);
  } else {
    cards = suggest(catalogue, models, profile, {
      k: pageSize,
      exclude: conversation.shown,
      ...(filter ? { filter } : {}),
      ...(ctx.rerank ? { rerank: ctx.rerank } : {}),
    });
  }
  // Bundling regroups the list; "seen #3" must mean the third film as shown.
  const bundles = bundle(cards, catalogue.newestYear);
  const shownOrder = bundles ? bundles.flatMap((b) => b.cards) : cards;
  const ids = shownOrder.map((c) => c.movieId);
  return {
    cards: shownOrder,
    ...(bundles ? { bundles } : {}),
    state: {
      ...state,
      conversation: { ...conversation, shown: [...conversation.shown, ...ids], lastCards: ids },
    },
  };
}

function pageReplies(page: { cards: Card[]; bundles?: Bundle[] }, state: UserState, intro: string): Reply[] {
  const { cards, bundles } = page;
  if (cards.length === 0) {
    const filtered = state.conversation.filter && Object.keys(state.conversation.filter).length > 0;
    return [
      {
        text: filtered
          ? "I have nothing more that fits that. Say `more` for other films, or tell me more films you love."
          : "I've run out of new suggestions. Tell me more films you love, or say `reset` to start afresh.",
      },
    ];
  }
  const intro2 =
    state.profile.liked.length === 0 && state.conversation.filter?.like === undefined
      ? `${intro} (popular picks to start with: tell me films you love and I'll tailor them)`
      : intro;
  if (!bundles) return [{ text: intro2, cards, choices: [MORE] }];
  return bundles.map((b, i) => ({
    text: i === 0 ? `${intro2}\n${b.label}:` : `${b.label}:`,
    cards: b.cards,
    ...(i === bundles.length - 1 ? { choices: [MORE] } : {}),
  }));
}

/** Applies `change`, then pages on, as one atomic update of the user's state. */
export async function updateAndPage(
  ctx: TurnContext,
  change: (s: UserState) => UserState,
  intro: string,
): Promise<{ replies: Reply[]; state: UserState }> {
  let page: { cards: Card[]; bundles?: Bundle[] } = { cards: [] };
  // Recommending is a turn's longest step: others' turns first, if any are waiting.
  await yieldToLoop();
  const state = await ctx.store.update(ctx.key, (s) => {
    const next = nextPage(ctx, change(withName(s, ctx.speaker)));
    page = next;
    return next.state;
  });
  return { replies: pageReplies(page, state, intro), state };
}

export async function recommendList(ctx: TurnContext, filter: ListFilter, intro: string): Promise<Reply[]> {
  const { replies } = await updateAndPage(
    ctx,
    (s) => ({ ...s, conversation: { ...s.conversation, filter } }),
    intro,
  );
  return replies;
}

/** "more": the next page of the list as it stands (a first list for someone new). */
export async function more(ctx: TurnContext): Promise<Reply[]> {
  const known = await ctx.store.get(ctx.key);
  if (!known) return recommendList(ctx, {}, "Here are some films you might like:");
  return (await updateAndPage(ctx, (s) => s, "More films you might like:")).replies;
}

/** "something newer / older / lighter": the last list's filter, turned that way. */
export async function refine(ctx: TurnContext, direction: "newer" | "older" | "lighter"): Promise<Reply[]> {
  const { catalogue } = ctx;
  const state = await ctx.store.get(ctx.key);
  const years = (state?.conversation.lastCards ?? [])
    .map((id) => catalogue.byId(id)?.year)
    .filter((y): y is number => typeof y === "number")
    .sort((a, b) => a - b);
  const middle = years[Math.floor(years.length / 2)];
  const base = { ...(state?.conversation.filter ?? {}) };
  delete base.after;
  delete base.before;
  delete base.like;
  if (direction === "lighter") return recommendList(ctx, { ...base, lighter: true }, "Something lighter:");
  const pivot = middle ?? catalogue.newestYear - 20;
  return direction === "newer"
    ? recommendList(ctx, { ...base, after: pivot }, `Newer films (after ${pivot}):`)
    : recommendList(ctx, { ...base, before: pivot }, `Older films (before ${pivot}):`);
}

/** `/recommend [genre] [decade]`: a list narrowed to both, once each is understood. */
export async function recommend(
  ctx: TurnContext,
  asked: { genre?: string; decade?: string },
): Promise<Reply[]> {
  const { catalogue } = ctx;
  const filter: ListFilter = {};
  if (asked.genre) {
    const genre = genreNamed(catalogue, asked.genre);
    if (!genre)
      return [
        {
          text: `I don't know the genre "${asked.genre}". Try one of: ${allGenres(catalogue).join(", ")}.`,
          error: true,
        },
      ];
    filter.genre = genre;
  }
  if (asked.decade) {
    const decade = decadeNamed(asked.decade);
    if (!decade)
      return [{ text: `"${asked.decade}" isn't a decade I understand. Try 1990s or 80s.`, error: true }];
    filter.decade = decade;
  }
  const label = [filter.decade, filter.genre?.toLowerCase()].filter(Boolean).join(" ");
  return recommendList(
    ctx,
    filter,
    label ? `Some ${label} films for you:` : "Here are some films you might like:",
  );
}

function allGenres(catalogue: Catalogue): string[] {
  return [...new Set(catalogue.movies.flatMap((m) => m.genres))].sort();
}

function genreNamed(catalogue: Catalogue, text: string): string | undefined {
  const want = text.trim().toLowerCase().replace(/s$/, "");
  return allGenres(catalogue).find(
    (g) => g.toLowerCase() === want || g.toLowerCase().replace(/-/g, " ") === want,
  );
}

function decadeNamed(text: string): string | undefined {
  const m = /^(?:(19|20)?(\d)0)'?s?$/.exec(text.trim().replace(/^'/, ""));
  if (!m) return undefined;
  const century = m[1] ?? (Number(m[2]) >= 2 ? "19" : "20");
  return `${century}${m[2]}0s`;
}
