import type { Catalogue } from "../catalogue.ts";
import { yieldToLoop } from "../event-loop.ts";
import { genreName, type Translator, translator } from "../i18n/i18n.ts";
import { opinionOn } from "../profile/profile.ts";
import type { Choice } from "../reply/actions.ts";
import { type Bundle, bundle } from "../reply/bundles.ts";
import { type Card, card, type Reply } from "../reply/reply.ts";
import { similarCards } from "../similar.ts";
import type { ListFilter, ShownList, UserState } from "../store/store.ts";
import { suggest } from "../suggest.ts";
import type { SharedContext, TurnContext } from "./context.ts";
import { idOf, withName } from "./helpers.ts";

/** "More picks" under a list: it pages on that list only. */
export function moreChoice(listId?: string, tr: Translator = translator()): Choice {
  return { label: tr.t("button-more"), action: { type: "more", ...(listId ? { listId } : {}) } };
}

/** A bundle's label in the person's language ("Crime films, classics", "고전 범죄 영화"). */
function bundleLabel(tr: Translator, b: Bundle): string {
  if (tr.lang === "en") return b.label;
  if (b.genre === undefined) return tr.t("bundle-more");
  const films = genreName(tr, b.genre);
  const Films = films.charAt(0).toLocaleUpperCase(tr.lang) + films.slice(1);
  const id = b.era === "classic" ? "bundle-classic" : b.era === "recent" ? "bundle-recent" : "bundle-any";
  return tr.t(id, { films, Films });
}

/** Lists kept to be shown again (a pager on an older message still turns while its list is here). */
const LISTS_KEPT = 3;

/**
 * A new list's id: the clock in base 36 (8 characters), always past the previous id, so ids
 * never repeat for one person even when two lists come in one millisecond or the clock stands
 * still, and a button from before a /forget never names a list made after it.
 */
export function nextListId(now: number, previous: string | undefined): string {
  const last = previous === undefined ? Number.NaN : Number.parseInt(previous, 36);
  return (Number.isFinite(last) && last >= now ? last + 1 : now).toString(36);
}

/**
 * The next page of the current list for a state, and the state with that page marked
 * shown. Pure, so it runs inside the store's per-user update: two messages arriving
 * together can never both see the same "shown" list.
 */
function nextPage(ctx: SharedContext, state: UserState, intro: string): Page & { state: UserState } {
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
  if (ids.length === 0)
    return { cards: [], state: { ...state, conversation: { ...conversation, lastCards: ids } } };
  const listId = nextListId(ctx.now(), conversation.listId);
  const shownList: ShownList = {
    id: listId,
    text: intro,
    cards: shownOrder.map((c) => ({ movieId: c.movieId, reasons: c.reasons })),
  };
  return {
    cards: shownOrder,
    listId,
    ...(bundles ? { bundles } : {}),
    state: {
      ...state,
      conversation: {
        ...conversation,
        shown: [...conversation.shown, ...ids],
        lastCards: ids,
        listId,
        lists: [...(conversation.lists ?? []), shownList].slice(-LISTS_KEPT),
      },
    },
  };
}

/** One page of a list: its cards (bundled when long), and the id it was stored under. */
interface Page {
  cards: Card[];
  bundles?: Bundle[];
  listId?: string;
}

function pageReplies(tr: Translator, page: Page, state: UserState, intro: string): Reply[] {
  const { cards, bundles, listId } = page;
  if (cards.length === 0) {
    const filtered = state.conversation.filter && Object.keys(state.conversation.filter).length > 0;
    return [{ text: tr.t(filtered ? "list-nothing-fits" : "list-run-out") }];
  }
  const intro2 =
    state.profile.liked.length === 0 && state.conversation.filter?.like === undefined
      ? tr.t("list-popular-note", { intro })
      : intro;
  const tag = listId ? { listId } : {};
  if (!bundles) return [{ text: intro2, cards, choices: [moreChoice(listId, tr)], ...tag }];
  return bundles.map((b, i) => {
    const heading = tr.t("bundle-heading", { label: bundleLabel(tr, b) });
    return {
      text: i === 0 ? `${intro2}\n${heading}` : heading,
      cards: b.cards,
      ...(i === bundles.length - 1 ? { choices: [moreChoice(listId, tr)] } : {}),
      ...tag,
    };
  });
}

/** Applies `change`, then pages on, as one atomic update of the user's state. */
export async function updateAndPage(
  ctx: TurnContext,
  change: (s: UserState) => UserState,
  intro: string,
): Promise<{ replies: Reply[]; state: UserState }> {
  let page: Page = { cards: [] };
  // Recommending is a turn's longest step: others' turns first, if any are waiting.
  await yieldToLoop();
  const state = await ctx.store.update(ctx.key, (s) => {
    const next = nextPage(ctx, change(withName(s, ctx.speaker)), intro);
    page = next;
    return next.state;
  });
  return { replies: pageReplies(ctx.tr, page, state, intro), state };
}

export async function recommendList(ctx: TurnContext, filter: ListFilter, intro: string): Promise<Reply[]> {
  const { replies } = await updateAndPage(
    ctx,
    (s) => ({ ...s, conversation: { ...s.conversation, filter } }),
    intro,
  );
  return replies;
}

/**
 * "more": the next page of the list as it stands (a first list for someone new). A "More
 * picks" button names its list: under a list that is no longer the current one it pages on
 * nothing, and says so, offering the current list's "More picks" instead; continuing the
 * newer list from an older message would show films that answer a different request.
 */
export async function more(ctx: TurnContext, listId?: string): Promise<Reply[]> {
  const known = await ctx.store.get(ctx.key);
  const { tr } = ctx;
  if (!known) return recommendList(ctx, {}, tr.t("list-intro"));
  const current = known.conversation.listId;
  if (listId !== undefined && listId !== current) {
    // A notice for the presser alone (Discord says it privately): nothing changed.
    return [
      current
        ? { text: tr.t("list-finished-more"), choices: [moreChoice(current, tr)], error: true }
        : { text: tr.t("list-finished-recommend"), error: true },
    ];
  }
  return (await updateAndPage(ctx, (s) => s, tr.t("list-intro-more"))).replies;
}

/** A list shown again as it was, with what the person has said about each film since. */
export async function showList(ctx: TurnContext, listId: string): Promise<Reply[]> {
  const state = await ctx.store.get(ctx.key);
  const shown = state?.conversation.lists?.find((l) => l.id === listId);
  if (!state || !shown) return [{ text: ctx.tr.t("list-finished"), error: true }];
  const cards = shown.cards.flatMap((c) => {
    const movie = ctx.catalogue.byId(c.movieId);
    if (!movie) return [];
    const said = opinionOn(state.profile, c.movieId);
    return [{ ...card(movie, 0, c.reasons), ...(said ? { said } : {}) }];
  });
  if (cards.length === 0) return [{ text: ctx.tr.t("list-finished"), error: true }];
  const isCurrent = state.conversation.listId === listId;
  return [
    { text: shown.text, cards, listId, ...(isCurrent ? { choices: [moreChoice(listId, ctx.tr)] } : {}) },
  ];
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
  const { tr } = ctx;
  if (direction === "lighter")
    return recommendList(ctx, { ...base, lighter: true }, tr.t("list-intro-lighter"));
  const pivot = middle ?? catalogue.newestYear - 20;
  return direction === "newer"
    ? recommendList(ctx, { ...base, after: pivot }, tr.t("list-intro-newer", { year: String(pivot) }))
    : recommendList(ctx, { ...base, before: pivot }, tr.t("list-intro-older", { year: String(pivot) }));
}

/** `/recommend [genre] [decade]`: a list narrowed to both, once each is understood. */
export async function recommend(
  ctx: TurnContext,
  asked: { genre?: string; decade?: string },
): Promise<Reply[]> {
  const { catalogue } = ctx;
  const filter: ListFilter = {};
  if (asked.genre) {
    const genre = genreNamed(catalogue, asked.genre, ctx.tr);
    if (!genre)
      return [
        {
          text: ctx.tr.t("list-unknown-genre", {
            genre: asked.genre,
            genres: allGenres(catalogue)
              .map((g) => (ctx.tr.lang === "en" ? g : `${genreName(ctx.tr, g)} (${g})`))
              .join(", "),
          }),
          error: true,
        },
      ];
    filter.genre = genre;
  }
  if (asked.decade) {
    const decade = decadeNamed(asked.decade);
    if (!decade) return [{ text: ctx.tr.t("list-unknown-decade", { decade: asked.decade }), error: true }];
    filter.decade = decade;
  }
  const genre =
    filter.genre && (ctx.tr.lang === "en" ? filter.genre.toLowerCase() : genreName(ctx.tr, filter.genre));
  const label = [filter.decade, genre].filter(Boolean).join(" ");
  return recommendList(
    ctx,
    filter,
    label ? ctx.tr.t("list-intro-genre-decade", { label }) : ctx.tr.t("list-intro"),
  );
}

function allGenres(catalogue: Catalogue): string[] {
  return [...new Set(catalogue.movies.flatMap((m) => m.genres))].sort();
}

/** A genre as MovieLens names it ("crime", "sci fi"), or in the person's language ("범죄"). */
function genreNamed(catalogue: Catalogue, text: string, tr: Translator): string | undefined {
  const said = text.trim().toLowerCase();
  const want = said.replace(/s$/, "");
  return allGenres(catalogue).find(
    (g) =>
      g.toLowerCase() === want ||
      g.toLowerCase().replace(/-/g, " ") === want ||
      genreName(tr, g).toLowerCase() === said,
  );
}

function decadeNamed(text: string): string | undefined {
  const m = /^(?:(19|20)?(\d)0)'?s?$/.exec(text.trim().replace(/^'/, ""));
  if (!m) return undefined;
  const century = m[1] ?? (Number(m[2]) >= 2 ? "19" : "20");
  return `${century}${m[2]}0s`;
}

/**
 * What a turn says before its list ("Got it: 👍 Heat"), as the head of the list's own text:
 * one message on every platform instead of an acknowledgement and then the list.
 */
export function headed(lines: readonly string[], replies: readonly Reply[]): Reply[] {
  const head = lines.filter((l) => l.trim() !== "");
  const [first, ...rest] = replies;
  if (!first) return head.length > 0 ? [{ text: head.join("\n") }] : [];
  if (head.length === 0) return [...replies];
  return [{ ...first, text: [...head, first.text].join("\n") }, ...rest];
}
