import type { Catalogue } from "./catalogue.ts";
import { classify, type Intent } from "./dialogue/intent.ts";
import { readTaste, saysNothing } from "./dialogue/taste.ts";
import { yieldToLoop } from "./event-loop.ts";
import {
  type ChatEvent,
  type ImportEvent,
  isAction,
  isImport,
  type SentCardEvent,
  type Speaker,
} from "./events.ts";
import { type ImportOutcome, importTurn } from "./import/import-turn.ts";
import { IMPORT_USAGE } from "./import/messages.ts";
import { DEFAULT_LIMITS, DEFAULT_QUESTION_TTL_MS, type InputLimits } from "./limits/limits.ts";
import { TokenBuckets } from "./limits/token-bucket.ts";
import { displayName } from "./movie.ts";
import {
  applyOpinions,
  applyPreferences,
  type Opinion,
  opinionOn,
  type Preference,
  withoutMovie,
} from "./profile/profile.ts";
import { peopleIndex } from "./recommend/filters.ts";
import { groupSuggest, type Member } from "./recommend/group.ts";
import type { ServingModels } from "./recommend/recommend.ts";
import type { RerankOptions } from "./recommend/rerank.ts";
import { type Action, type Choice, SIGNAL_EMOJI, type Signal, signalOfEmoji } from "./reply/actions.ts";
import { type Artwork, withArtwork } from "./reply/artwork.ts";
import { type Bundle, bundle } from "./reply/bundles.ts";
import { thousands } from "./reply/numbers.ts";
import { quote } from "./reply/quote.ts";
import type { Card, Reply } from "./reply/reply.ts";
import { similarCards } from "./similar.ts";
import type { ListFilter, PendingChoice, Store, UserState } from "./store/store.ts";
import { userKey } from "./store/store.ts";
import { suggest } from "./suggest.ts";
import { opinionsOf, type TitleContext, type TitleMatcher, type TitleMention } from "./titles/find-titles.ts";

export type { ActionEvent, ChatEvent, ImportEvent, MessageEvent, SentCardEvent } from "./events.ts";

export interface MatineeDeps {
  catalogue: Catalogue;
  titles: TitleMatcher;
  models: ServingModels;
  store: Store;
  /** Cards per list. */
  pageSize?: number;
  /** Diversity (λ) and recency (α) of the reranking. */
  rerank?: RerankOptions;
  /** Posters and where-to-watch from a background-filled cache (TMDB API); absent without a key. */
  artwork?: Artwork;
  /** Country for where-to-watch when a person has set none. */
  defaultRegion?: string;
  /**
   * How long a question ("forget everything?", "did you mean…?") can be answered, in ms.
   * Past it, a "yes" or an old button is not an answer: it could confirm something the
   * person no longer means.
   */
  questionTtlMs?: number;
  /** Message length, films per message and messages per second; `DEFAULT_LIMITS` (no rate) when unset. */
  limits?: Partial<InputLimits>;
  now?: () => number;
}

export { DEFAULT_QUESTION_TTL_MS };

export interface Matinee {
  /** The one entry point every front end calls: a message, button or reaction in, replies out. */
  handle(event: ChatEvent): Promise<Reply[]>;
  /**
   * An export file in: the same turn `handle` runs for it, with what was imported spelled
   * out (counts, unmatched films, the cards) for callers that print more than the replies.
   */
  importHistory(event: ImportEvent): Promise<ImportOutcome>;
  /** Call after sending a card as its own message, so reactions on that message count. */
  cardSent(sent: SentCardEvent): Promise<void>;
  /** Titles for autocomplete as someone types (Discord `/similar`), best first, at most k (≤ 25). */
  complete(prefix: string, k?: number): { movieId: number; label: string }[];
}

export const HELP_TEXT = [
  "Tell me films you love (or didn't), in your own words:",
  '  "I loved The Godfather and Heat, not a fan of musicals"',
  "and I'll suggest what to watch next, with the reason for each.",
  "",
  "  more                   the next suggestions",
  "  more like <title>      films like one film",
  "  something newer / older / lighter",
  "  more 80s stuff, anything with Tom Hanks, no horror",
  "  seen it / seen #3      I've seen that one (#n: its place in the list)",
  "  save #2                keep it on my watchlist",
  "  movie night with <names>  one list for several people",
  "  import                 bring in your Letterboxd or IMDb history (send the export file)",
  "  profile                what I know about your taste",
  "  reset                  forget everything about you",
  "  help                   this message",
  "",
  "Film data: MovieLens (GroupLens) and TMDB. This product uses the TMDB API but is not endorsed or certified by TMDB.",
].join("\n");

/** How many films of the conversation to remember for "which version did they mean". */
const MENTION_MEMORY = 50;
/** Versions offered when asking "Did you mean…?". */
const MAX_OPTIONS = 4;
/** Films named per list in the profile reply. */
const PROFILE_NAMES = 20;

const OPINION_EMOJI: Record<Opinion, string> = SIGNAL_EMOJI;
const EXPIRED_FORGET = "That question has expired. Say `forget` again if you still want me to forget you.";
const SLOW_DOWN =
  "Slow down a little: you're sending messages faster than I can read them. I skipped the last few; send them again in a moment.";
const tooLong = (length: number, max: number) =>
  `That message is ${thousands(length)} characters long; I read up to ${thousands(max)} at a time. ` +
  "Send your films over a few shorter messages, or `import` a Letterboxd or IMDb export for a whole history.";
const NO_QUESTION =
  'I have no open question for that number to answer. Name the film with its year, like "It (1990)".';
const EXPIRED_CHOICE =
  'That question has expired. Name the film with its year if you meant another version, like "It (1990)".';
const MORE: Choice = { label: "More picks", action: { type: "more" } };

export function createMatinee(deps: MatineeDeps): Matinee {
  const { catalogue, titles, models, store } = deps;
  const pageSize = deps.pageSize ?? 10;
  const now = deps.now ?? Date.now;
  const questionTtl = deps.questionTtlMs ?? DEFAULT_QUESTION_TTL_MS;
  const limits: InputLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const buckets = limits.rate ? new TokenBuckets(limits.rate, now) : undefined;
  const fresh = (askedAt: number | undefined) => askedAt !== undefined && now() - askedAt <= questionTtl;
  /** The "forget everything?" question stands: asked, not yet answered, nothing said since, in time. */
  const forgetAsked = (state: UserState | undefined) =>
    state?.conversation.confirming === "forget" && fresh(state.conversation.confirmingAt);
  /** The "did you mean…?" versions still open to an answer (none once the question expired). */
  const openChoices = (state: UserState | undefined): PendingChoice[] =>
    state && fresh(state.conversation.pendingAt) ? (state.conversation.pending ?? []) : [];
  const knownPerson = peopleIndex(catalogue);
  const name = (movieId: number) => {
    const m = catalogue.byId(movieId);
    return m ? displayName(m) : `#${movieId}`;
  };
  const names = (ids: readonly number[]) => ids.map(name).join(", ");

  // ---------------------------------------------------------------- lists

  /**
   * The next page of the current list for a state, and the state with that page marked
   * shown. Pure, so it runs inside the store's per-user update: two messages arriving
   * together can never both see the same "shown" list.
   */
  function nextPage(state: UserState): { cards: Card[]; bundles?: Bundle[]; state: UserState } {
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
        ...(deps.rerank ? { rerank: deps.rerank } : {}),
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

  function pageReplies(
    page: { cards: Card[]; bundles?: Bundle[] },
    state: UserState,
    intro: string,
  ): Reply[] {
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
  async function updateAndPage(
    key: string,
    speaker: Speaker,
    change: (s: UserState) => UserState,
    intro: string,
  ): Promise<{ replies: Reply[]; state: UserState }> {
    let page: { cards: Card[]; bundles?: Bundle[] } = { cards: [] };
    // Recommending is a turn's longest step: others' turns first, if any are waiting.
    await yieldToLoop();
    const state = await store.update(key, (s) => {
      const next = nextPage(change(withName(s, speaker)));
      page = next;
      return next.state;
    });
    return { replies: pageReplies(page, state, intro), state };
  }

  // ---------------------------------------------------------------- understanding

  function contextOf(state: UserState | undefined): TitleContext {
    return { recentMovieIds: state?.conversation.mentioned ?? [] };
  }

  function askAbout(pending: readonly PendingChoice[]): { lines: string[]; choices: Choice[] } {
    const lines: string[] = [];
    const choices: Choice[] = [];
    for (const p of pending) {
      const options = [p.guess, ...p.options].slice(0, MAX_OPTIONS);
      lines.push(
        `By ${quote(p.text)} did you mean ${options.map(name).join(" or ")}? I took ${name(p.guess)} for now.`,
      );
      if (choices.length === 0) {
        options.forEach((id) => {
          choices.push({ label: name(id), action: { type: "choose", movieId: id, instead: p.guess } });
        });
      }
    }
    if (pending.length > 0) lines.push("(Reply with the year or the number of the one you meant.)");
    return { lines, choices };
  }

  function gotIt(mentions: readonly TitleMention[], prefs: readonly Omit<Preference, "at">[]): string[] {
    const lines: string[] = [];
    const opinions = mentions.filter((m) => m.sentiment !== "neutral");
    const prefText = prefs.map((p) => `${p.sign > 0 ? "👍" : "👎"} ${prefLabel(p)}`);
    const parts = [
      ...opinions.map((m) => `${OPINION_EMOJI[m.sentiment as Opinion]} ${name(m.movieId)}`),
      ...prefText,
    ];
    if (parts.length > 0) lines.push(`Got it: ${parts.join(", ")}`);
    const neutral = mentions.filter((m) => m.sentiment === "neutral");
    if (neutral.length > 0)
      lines.push(`Noted ${names(neutral.map((m) => m.movieId))}, without a like or dislike.`);
    return lines;
  }

  function unplacedLines(unplaced: readonly { text: string; suggestions: number[] }[]): string[] {
    return unplaced.map((u) =>
      u.suggestions.length > 0
        ? `I couldn't place ${quote(u.text)}. Closest I know: ${names(u.suggestions)}.`
        : `I couldn't place ${quote(u.text)} in my catalogue.`,
    );
  }

  async function tell(key: string, speaker: Speaker, said: string): Promise<Reply[]> {
    const before = await store.get(key);
    // A link is never a film: blanked (same length, so positions in the text still hold).
    const text = said.replace(LINK, (url) => " ".repeat(url.length));
    const reading = readTaste(text, titles, knownPerson, contextOf(before));
    const { prefs, asked } = reading;
    // One film named many times is one film ("Heat Heat Heat…" echoes once), and one message
    // adds at most `filmsPerMessage` of them, so a pasted wall of titles stays a short answer.
    const distinct = onePerFilm(reading.mentions);
    const mentions = distinct.slice(0, limits.filmsPerMessage);
    const leftOut = distinct.length - mentions.length;
    const unplaced = onePerText(reading.unplaced).slice(0, UNPLACED_SHOWN);
    if (saysNothing(reading)) {
      const lines = unplacedLines(unplaced);
      return [
        {
          text: [
            ...lines,
            lines.length > 0
              ? 'Try the title as on the poster, with the year if you know it, like "Heat (1995)".'
              : "I couldn't find a film title in that. Try titles as they appear on the poster, " +
                'like "Heat" or "The Godfather (1972)", or say `help`.',
          ].join("\n"),
        },
      ];
    }
    const opinions = opinionsOf(mentions);
    const pending: PendingChoice[] = mentions
      .filter((m) => m.ambiguous && m.alternatives.length > 0)
      .map((m) => ({ text: m.text, guess: m.movieId, options: m.alternatives.slice(0, MAX_OPTIONS - 1) }));
    // "more 80s stuff" narrows this list; naming films starts a fresh, unnarrowed one.
    const filter: ListFilter | undefined =
      reading.filter ?? (mentions.length > 0 ? undefined : before?.conversation.filter);
    const at = now();
    const { replies, state } = await updateAndPage(
      key,
      speaker,
      (s) => ({
        ...s,
        ...(speaker.place?.private === false
          ? { publicFilms: remember(s.publicFilms, opinions.map(idOf), PUBLIC_FILMS) }
          : {}),
        profile: applyPreferences(applyOpinions(s.profile, opinions, at), prefs, at),
        conversation: {
          ...s.conversation,
          mentioned: remember(
            s.conversation.mentioned,
            mentions.map((m) => m.movieId),
          ),
          pending,
          pendingAt: at,
          ...(filter ? { filter } : { filter: undefined }),
        },
      }),
      asked.length > 0
        ? `Here are ${asked.map((p) => prefLabel(p)).join(", ")} picks for you:`
        : "Here are some films you might like:",
    );
    const ask = askAbout(pending);
    const head = [
      ...gotIt(mentions, prefs),
      ...(leftOut > 0
        ? [
            `That's a long list: I took the first ${mentions.length} films. Send the other ${leftOut} in another message.`,
          ]
        : []),
      ...ask.lines,
      ...unplacedLines(unplaced),
    ];
    const needsFilms = state.profile.liked.length === 0 && asked.length === 0;
    if (needsFilms) {
      return [
        {
          text: [...head, "Tell me a film or two you love, and I'll find more like them."].join("\n"),
          ...(ask.choices.length ? { choices: ask.choices } : {}),
        },
      ];
    }
    return [{ text: head.join("\n"), ...(ask.choices.length ? { choices: ask.choices } : {}) }, ...replies];
  }

  // ---------------------------------------------------------------- corrections

  /** "2", "1990", "the 1990 one", "no, I meant Heat (1995)": which version was meant. */
  async function correct(key: string, speaker: Speaker, text: string): Promise<Reply[]> {
    const state = await store.get(key);
    const pending = openChoices(state);
    for (const p of pending) {
      const options = [p.guess, ...p.options];
      const number = /^#?(\d{1,2})$/.exec(text.trim());
      const year = /\b(18|19|20)\d\d\b/.exec(text)?.[0];
      let chosen: number | undefined;
      if (number) chosen = options[Number(number[1]) - 1];
      else if (year) chosen = options.find((id) => catalogue.byId(id)?.year === Number(year));
      else if (text.length <= TITLE_QUERY_CHARS) {
        const r = titles.resolve(text, contextOf(state));
        chosen = r && options.includes(r.movieId) ? r.movieId : undefined;
      }
      if (chosen !== undefined) return choose(key, speaker, chosen, p.guess);
    }
    // A bare number answers a question; with none open it is a position, never a title ("2").
    if (/^#?\d{1,2}$/.test(text.trim())) return [{ text: NO_QUESTION }];
    // No question pending: a year ("the 1990 one") means another version of the film named last.
    const last = state?.conversation.mentioned?.at(-1);
    const lastMovie = last === undefined ? undefined : catalogue.byId(last);
    const year = /\b(18|19|20)\d\d\b/.exec(text)?.[0];
    if (lastMovie && year && /^(?:the\s+)?\d{4}(?:\s+(?:one|version))?$/i.test(text.trim())) {
      const other = titles.resolve(`${lastMovie.title} (${year})`, contextOf(state));
      if (other && other.movieId !== last && catalogue.byId(other.movieId)?.year === Number(year))
        return choose(key, speaker, other.movieId, last);
      return [
        {
          text: `I don't know a ${year} version of ${name(lastMovie.movieId)}. If you meant another film, name it with its year, like "It (1990)".`,
        },
      ];
    }
    const r = text.length <= TITLE_QUERY_CHARS ? titles.resolve(text, contextOf(state)) : undefined;
    if (r && last !== undefined && r.movieId !== last) return choose(key, speaker, r.movieId, last);
    if (pending.length > 0) {
      const ask = askAbout(pending);
      return [{ text: `Sorry, I didn't follow. ${ask.lines.join("\n")}`, choices: ask.choices }];
    }
    return tell(key, speaker, text);
  }

  /** The person picked `movieId` where the bot had guessed `instead`: swap them, keeping the opinion. */
  async function choose(key: string, speaker: Speaker, movieId: number, instead?: number): Promise<Reply[]> {
    if (!catalogue.byId(movieId)) return [{ text: "That film isn't in my catalogue any more.", error: true }];
    let opinion: Opinion = "like";
    const at = now();
    const { replies } = await updateAndPage(
      key,
      speaker,
      (s) => {
        let profile = s.profile;
        if (instead !== undefined && instead !== movieId) {
          opinion = opinionOn(profile, instead) ?? "like";
          profile = withoutMovie(profile, instead);
        } else opinion = opinionOn(profile, movieId) ?? "like";
        profile = applyOpinions(profile, [{ movieId, opinion }], at);
        const pending = (s.conversation.pending ?? []).filter(
          (p) => p.guess !== instead && p.guess !== movieId,
        );
        return {
          ...s,
          profile,
          conversation: {
            ...s.conversation,
            pending,
            mentioned: remember(
              (s.conversation.mentioned ?? []).filter((id) => id !== instead),
              [movieId],
            ),
          },
        };
      },
      "Here are some films you might like:",
    );
    const swapped = instead !== undefined && instead !== movieId ? ` (instead of ${name(instead)})` : "";
    return [{ text: `Got it: ${OPINION_EMOJI[opinion]} ${name(movieId)}${swapped}` }, ...replies];
  }

  // ---------------------------------------------------------------- one film

  async function resolveQuery(key: string, query: string): Promise<{ movieId: number } | { reply: Reply }> {
    const byId = /^id:(\d+)$/.exec(query.trim());
    if (byId) {
      const id = Number(byId[1]);
      if (catalogue.byId(id)) return { movieId: id };
    }
    // No title runs to hundreds of characters: a longer query is not read at all (resolving
    // grows faster than its length), and is answered like any unknown title.
    const readable = query.length <= TITLE_QUERY_CHARS;
    const state = readable ? await store.get(key) : undefined;
    const r = readable ? titles.resolve(query, contextOf(state)) : undefined;
    if (r) return { movieId: r.movieId };
    const close = readable ? titles.complete(query, 3) : [];
    return {
      reply: {
        text:
          close.length > 0
            ? `I couldn't find ${quote(query)}. Did you mean ${names(close)}?`
            : `I couldn't find ${quote(query)} in my catalogue.`,
        error: true,
        choices: close.map((id) => ({ label: name(id), action: { type: "similar", movieId: id } })),
      },
    };
  }

  async function similar(key: string, speaker: Speaker, movieId: number): Promise<Reply[]> {
    const { replies } = await updateAndPage(
      key,
      speaker,
      (s) => ({
        ...s,
        conversation: {
          ...s.conversation,
          filter: { like: movieId },
          mentioned: remember(s.conversation.mentioned, [movieId]),
        },
      }),
      `Films like ${name(movieId)}:`,
    );
    return replies;
  }

  async function feedback(
    key: string,
    speaker: Speaker,
    movieIds: number[],
    signal: Signal,
  ): Promise<Reply[]> {
    const known = movieIds.filter((id) => catalogue.byId(id));
    if (known.length === 0) return [{ text: "I don't know that film any more.", error: true }];
    const at = now();
    await store.update(key, (s) => ({
      ...withName(s, speaker),
      profile: applyOpinions(
        s.profile,
        known.map((movieId) => ({ movieId, opinion: signal })),
        at,
      ),
    }));
    const what =
      signal === "watchlist" ? "Saved to your watchlist" : signal === "seen" ? "Marked as seen" : "Noted";
    return [
      {
        text: `${what}: ${known.map((id) => `${SIGNAL_EMOJI[signal]} ${name(id)}`).join(", ")}`,
        choices: [MORE],
      },
    ];
  }

  /** Positions in the last list ("seen #3") → films; out-of-range positions are named back. */
  async function inLastList(key: string, which: number[] | "all"): Promise<{ ids: number[]; bad: number[] }> {
    const last = (await store.get(key))?.conversation.lastCards ?? [];
    if (which === "all") return { ids: last, bad: [] };
    const ids: number[] = [];
    const bad: number[] = [];
    for (const n of which) {
      const id = n === -1 ? last.at(-1) : last[n - 1];
      if (id === undefined) bad.push(n);
      else ids.push(id);
    }
    return { ids, bad };
  }

  // ---------------------------------------------------------------- the rest

  async function profileReply(key: string): Promise<Reply> {
    const p = (await store.get(key))?.profile;
    if (
      !p ||
      p.liked.length + p.disliked.length + p.seen.length + p.watchlist.length + (p.prefs?.length ?? 0) === 0
    ) {
      return { text: "I don't know your taste yet. Tell me a few films you love." };
    }
    // An imported history can hold hundreds of films: name the latest, count the rest.
    const list = (entries: { movieId: number }[]) =>
      entries.length > PROFILE_NAMES
        ? `${names(entries.slice(-PROFILE_NAMES).map(idOf))} (the latest ${PROFILE_NAMES} of ${entries.length})`
        : names(entries.map(idOf)) || "none yet";
    const prefs = p.prefs ?? [];
    const wanted = prefs.filter((q) => q.sign > 0).map(prefLabel);
    const unwanted = prefs.filter((q) => q.sign < 0).map(prefLabel);
    return {
      text: [
        `👍 Liked: ${list(p.liked)}`,
        `👎 Disliked: ${list(p.disliked)}`,
        ...(p.seen.length ? [`👀 Seen: ${list(p.seen)}`] : []),
        ...(p.watchlist.length ? [`🔖 Watchlist: ${list(p.watchlist)}`] : []),
        ...(wanted.length ? [`Into: ${wanted.join(", ")}`] : []),
        ...(unwanted.length ? [`Not into: ${unwanted.join(", ")}`] : []),
      ].join("\n"),
    };
  }

  async function forget(key: string, confirmed: boolean | "ask"): Promise<Reply[]> {
    if (confirmed === "ask") {
      const state = await store.get(key);
      if (!state) return [{ text: "I have nothing stored about you." }];
      const at = now();
      await store.update(key, (s) => ({
        ...s,
        conversation: { ...s.conversation, confirming: "forget", confirmingAt: at },
      }));
      return [
        {
          text: "This deletes everything I know about you: your likes, dislikes and our conversation. Are you sure? (yes / no)",
          choices: [
            { label: "Yes, forget me", action: { type: "forget", confirmed: true } },
            { label: "Cancel", action: { type: "forget", confirmed: false } },
          ],
        },
      ];
    }
    if (!confirmed) {
      const state = await store.get(key);
      if (state?.conversation.confirming) {
        await store.update(key, (s) => ({
          ...s,
          conversation: { ...s.conversation, confirming: undefined, confirmingAt: undefined },
        }));
      }
      return [{ text: "Kept everything. Nothing was deleted." }];
    }
    const had = await store.delete(key);
    return [{ text: had ? "Done: I've forgotten everything about you." : "I had nothing stored about you." }];
  }

  /**
   * A movie night. The asker's own request is their consent in this place; anyone else's
   * films count only where they opted in (the "Count me in" button, or their own movie night
   * here), and a card names only films they said somewhere public. Anyone not yet in is asked.
   */
  async function group(key: string, speaker: Speaker, memberIds: string[]): Promise<Reply[]> {
    const place = placeOf(speaker);
    const self = await store.update(key, (s) => withConsent(withName(s, speaker), place));
    const keys = [...new Set([key, ...memberIds.map((id) => userKey(speaker.platform, id))])];
    const members: Member[] = [];
    const missing: string[] = [];
    const invited: string[] = [];
    for (const k of keys) {
      const state = k === key ? self : await store.get(k);
      const who = k === key ? "you" : (state?.name ?? k.slice(speaker.platform.length + 1));
      if (!state || state.profile.liked.length === 0) {
        if (k !== key || memberIds.length > 0) missing.push(who);
      } else if (k !== key && !state.movieNightIn?.includes(place)) invited.push(who);
      else {
        // The asker sees their own films in private; everyone's are public-only where others look.
        const everything = k === key && speaker.place?.private !== false;
        members.push({
          name: who,
          profile: state.profile,
          ...(everything ? {} : { nameable: new Set(state.publicFilms ?? []) }),
        });
      }
    }
    const missingText = missing.length
      ? `${missing.join(", ")} ${missing.length === 1 && missing[0] !== "you" ? "hasn't" : "haven't"} told me any films yet: ask them to tell me a few they love.`
      : "";
    const invitation: Reply[] = invited.length
      ? [
          {
            text:
              `${invited.join(", ")}: ${speaker.name ?? "someone here"} asked for a movie night with you. ` +
              "I only use your films if you say so: press Count me in (or ask for a movie night here yourself). " +
              "Cards only name films you told me in public, never ones from a private chat.",
            choices: [{ label: "Count me in", action: { type: "joinNight" } }],
          },
        ]
      : [];
    if (members.length < 2) {
      return [
        ...invitation,
        {
          text: [
            missingText,
            invited.length
              ? "Once they're in, ask for the movie night again."
              : "A movie night needs at least two people who have told me films they love.",
          ]
            .filter(Boolean)
            .join("\n"),
        },
      ];
    }
    const cards = groupSuggest(catalogue, models, members, {
      k: pageSize,
      ...(deps.rerank ? { rerank: deps.rerank } : {}),
    });
    const who = members.map((m) => m.name);
    const intro = `Movie night for ${who.slice(0, -1).join(", ")} and ${who.at(-1)}: films every one of you should enjoy.`;
    const ids = cards.map((c) => c.movieId);
    await store.update(key, (s) => ({
      ...withName(s, speaker),
      conversation: { ...s.conversation, lastCards: ids },
    }));
    return [
      ...(missingText ? [{ text: missingText }] : []),
      ...invitation,
      cards.length > 0 ? { text: intro, cards } : { text: "I couldn't find a film that suits everyone." },
    ];
  }

  /** "Count me in": the presser's films may be used for movie nights in this place. */
  async function joinNight(key: string, speaker: Speaker): Promise<Reply[]> {
    const state = await store.get(key);
    // Someone the bot has never met gets no stored profile for a button press.
    if (!state || state.profile.liked.length === 0)
      return [
        {
          text: "Tell me a few films you love first (a private chat with me is fine), then press Count me in again.",
          error: true,
        },
      ];
    await store.update(key, (s) => withConsent(withName(s, speaker), placeOf(speaker)));
    return [
      { text: `${speaker.name ?? "You"}: you're in for movie nights here. Ask for the movie night again.` },
    ];
  }

  async function recommendList(
    key: string,
    speaker: Speaker,
    filter: ListFilter,
    intro: string,
  ): Promise<Reply[]> {
    const { replies } = await updateAndPage(
      key,
      speaker,
      (s) => ({ ...s, conversation: { ...s.conversation, filter } }),
      intro,
    );
    return replies;
  }

  async function onIntent(key: string, speaker: Speaker, intent: Intent, text: string): Promise<Reply[]> {
    switch (intent.kind) {
      case "help":
        return [{ text: HELP_TEXT }];
      case "import":
        return [{ text: IMPORT_USAGE }];
      case "forget":
        return forget(key, "ask");
      case "confirm": {
        const state = await store.get(key);
        if (forgetAsked(state)) return forget(key, intent.yes);
        if (state?.conversation.confirming === "forget") {
          await dropForgetQuestion(key);
          return [{ text: intent.yes ? EXPIRED_FORGET : "Kept everything. Nothing was deleted." }];
        }
        return tell(key, speaker, text);
      }
      case "profile":
        return [await profileReply(key)];
      case "more": {
        const known = await store.get(key);
        if (!known) return recommendList(key, speaker, {}, "Here are some films you might like:");
        return (await updateAndPage(key, speaker, (s) => s, "More films you might like:")).replies;
      }
      case "similar": {
        const r = await resolveQuery(key, intent.query);
        return "reply" in r ? [r.reply] : similar(key, speaker, r.movieId);
      }
      case "seen":
      case "watchlist": {
        const { ids, bad } = await inLastList(key, intent.which);
        if (ids.length === 0)
          return [
            {
              text: bad.length
                ? `There's no ${bad.map((n) => (n > 0 ? `#${n}` : "such place")).join(", ")} in the last list. Its films are numbered from #1.`
                : "There's no list yet to pick from.",
            },
          ];
        return feedback(key, speaker, ids, intent.kind);
      }
      case "refine": {
        const state = await store.get(key);
        const years = (state?.conversation.lastCards ?? [])
          .map((id) => catalogue.byId(id)?.year)
          .filter((y): y is number => typeof y === "number")
          .sort((a, b) => a - b);
        const middle = years[Math.floor(years.length / 2)];
        const base = { ...(state?.conversation.filter ?? {}) };
        delete base.after;
        delete base.before;
        delete base.like;
        if (intent.direction === "lighter")
          return recommendList(key, speaker, { ...base, lighter: true }, "Something lighter:");
        const pivot = middle ?? catalogue.newestYear - 20;
        return intent.direction === "newer"
          ? recommendList(key, speaker, { ...base, after: pivot }, `Newer films (after ${pivot}):`)
          : recommendList(key, speaker, { ...base, before: pivot }, `Older films (before ${pivot}):`);
      }
      case "region":
        return setRegion(key, speaker, intent.code);
      case "group":
        return group(key, speaker, intent.members);
      case "correct":
        return correct(key, speaker, intent.text);
      case "tell":
        return tell(key, speaker, text);
    }
  }

  async function onAction(key: string, speaker: Speaker, action: Action): Promise<Reply[]> {
    switch (action.type) {
      case "feedback":
        return feedback(key, speaker, [action.movieId], action.signal);
      case "react": {
        const signal = signalOfEmoji(action.emoji);
        const sent = signal ? await store.recallCard(action.messageRef) : undefined;
        // Any other emoji, or one on a message that showed no film, is just a reaction.
        if (!signal || !sent) return [];
        // Someone who never talked to the bot, reacting on another person's card, is just
        // reacting: no profile is made for them and nothing is said.
        if (sent.key !== key && !(await store.get(key))) return [];
        return feedback(key, speaker, [sent.movieId], signal);
      }
      case "similar":
        if (!catalogue.byId(action.movieId)) return [{ text: "I don't know that film.", error: true }];
        return similar(key, speaker, action.movieId);
      case "similarTo": {
        const r = await resolveQuery(key, action.query);
        return "reply" in r ? [r.reply] : similar(key, speaker, r.movieId);
      }
      case "opinion": {
        const r = await resolveQuery(key, action.query);
        if ("reply" in r) return [{ ...r.reply, choices: [] }];
        const at = now();
        const { replies } = await updateAndPage(
          key,
          speaker,
          (s) => ({
            ...s,
            profile: applyOpinions(s.profile, [{ movieId: r.movieId, opinion: action.signal }], at),
            conversation: {
              ...s.conversation,
              filter: undefined,
              mentioned: remember(s.conversation.mentioned, [r.movieId]),
            },
          }),
          "Here are some films you might like:",
        );
        return [{ text: `Got it: ${SIGNAL_EMOJI[action.signal]} ${name(r.movieId)}` }, ...replies];
      }
      case "choose": {
        // An old "did you mean" button answers a question about an earlier message: the guess
        // it would swap out may since have been confirmed, rated or removed.
        const open = openChoices(await store.get(key));
        const asked = open.some(
          (p) => p.guess === action.instead && [p.guess, ...p.options].includes(action.movieId),
        );
        if (!asked) return [{ text: EXPIRED_CHOICE }];
        return choose(key, speaker, action.movieId, action.instead);
      }
      case "recommend": {
        const filter: ListFilter = {};
        if (action.genre) {
          const genre = genreNamed(catalogue, action.genre);
          if (!genre)
            return [
              {
                text: `I don't know the genre "${action.genre}". Try one of: ${allGenres(catalogue).join(", ")}.`,
                error: true,
              },
            ];
          filter.genre = genre;
        }
        if (action.decade) {
          const decade = decadeNamed(action.decade);
          if (!decade)
            return [
              { text: `"${action.decade}" isn't a decade I understand. Try 1990s or 80s.`, error: true },
            ];
          filter.decade = decade;
        }
        const label = [filter.decade, filter.genre?.toLowerCase()].filter(Boolean).join(" ");
        return recommendList(
          key,
          speaker,
          filter,
          label ? `Some ${label} films for you:` : "Here are some films you might like:",
        );
      }
      case "more":
        return onIntent(key, speaker, { kind: "more" }, "");
      case "profile":
        return [await profileReply(key)];
      case "help":
        return [{ text: HELP_TEXT }];
      case "forget": {
        // A "Yes, forget me" button from an old question must not wipe a profile built since.
        if (action.confirmed && !forgetAsked(await store.get(key))) return [{ text: EXPIRED_FORGET }];
        return forget(key, action.confirmed);
      }
      case "group":
        return group(key, speaker, action.members);
      case "joinNight":
        return joinNight(key, speaker);
      case "region":
        return setRegion(key, speaker, action.code);
    }
  }

  /**
   * "Forget everything?" is about the state it was asked in: anything else said first (new
   * likes, a list) ends the question, so a later "ok" or the old button deletes nothing.
   */
  async function dropForgetQuestion(key: string): Promise<void> {
    const state = await store.get(key);
    if (state?.conversation.confirming === undefined) return;
    await store.update(key, (s) => ({
      ...s,
      conversation: { ...s.conversation, confirming: undefined, confirmingAt: undefined },
    }));
  }

  async function setRegion(key: string, speaker: Speaker, code: string): Promise<Reply[]> {
    const region = code.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(region))
      return [{ text: `"${code}" isn't a country code. Use two letters, like US, GB or DE.`, error: true }];
    await store.update(key, (s) => ({ ...withName(s, speaker), region }));
    return [
      {
        text: deps.artwork
          ? `Where-to-watch is now for ${region}.`
          : `Saved ${region}. Where-to-watch needs a TMDB API key on this bot, so it's off for now.`,
      },
    ];
  }

  /** Posters and where-to-watch from the artwork cache, for the person's region. */
  async function decorate(key: string, replies: Reply[]): Promise<Reply[]> {
    const artwork = deps.artwork;
    if (!artwork || !replies.some((r) => r.cards?.length)) return replies;
    const region = (await store.get(key))?.region ?? deps.defaultRegion;
    return replies.map((r) => (r.cards ? { ...r, cards: withArtwork(r.cards, artwork, region) } : r));
  }

  async function importHistory(event: ImportEvent): Promise<ImportOutcome> {
    const key = userKey(event.platform, event.userId);
    const outcome = await importTurn({ catalogue, titles, now, updateAndPage }, key, event);
    const replies = await decorate(key, outcome.replies);
    return outcome.result
      ? {
          ...outcome,
          replies,
          result: { ...outcome.result, recommendations: replies.flatMap((r) => r.cards ?? []) },
        }
      : { ...outcome, replies };
  }

  return {
    async handle(event: ChatEvent): Promise<Reply[]> {
      if (isImport(event)) {
        if (buckets && buckets.admit(userKey(event.platform, event.userId)) !== "ok")
          return [{ text: SLOW_DOWN, error: true }];
        return (await importHistory(event)).replies;
      }
      const key = userKey(event.platform, event.userId);
      // Limits first, before a regex or the title reader sees a character of the text.
      const admission = buckets?.admit(key) ?? "ok";
      if (admission === "drop") return [];
      if (admission === "slow-down") return [{ text: SLOW_DOWN, error: true }];
      if (!isAction(event) && event.text.length > limits.messageChars)
        return [{ text: tooLong(event.text.length, limits.messageChars), error: true }];
      // Admitted: the work starts from the event loop, not inside whichever turn came before.
      await yieldToLoop();
      const intent = isAction(event) ? undefined : classify(event.text);
      const answersForget = isAction(event)
        ? event.action.type === "forget"
        : intent?.kind === "confirm" || intent?.kind === "forget";
      if (!answersForget) await dropForgetQuestion(key);
      const replies = isAction(event)
        ? await onAction(key, event, event.action)
        : await onIntent(key, event, intent!, event.text);
      return decorate(key, replies);
    },
    importHistory,
    async cardSent(sent: SentCardEvent): Promise<void> {
      await store.rememberCard(sent.messageRef, {
        movieId: sent.movieId,
        key: userKey(sent.platform, sent.userId),
        at: now(),
      });
    },
    complete(prefix: string, k = 25) {
      if (prefix.length > TITLE_QUERY_CHARS) return [];
      return titles.complete(prefix, Math.min(25, k)).map((movieId) => ({ movieId, label: name(movieId) }));
    },
  };
}

const idOf = (e: { movieId: number }) => e.movieId;

/** Web addresses, with or without a scheme ("https://x.example/a", "www.x.example"). */
const LINK = /\b(?:https?:\/\/|www\.)\S+/gi;

/** Longer than any film's title with its year: such a query is not looked up. */
const TITLE_QUERY_CHARS = 200;

/** "Couldn't place" lines per message: past a few, more of them help nobody. */
const UNPLACED_SHOWN = 5;

/** Each film once, where it was first named, with the last feeling said about it (a bare mention says none). */
function onePerFilm(mentions: readonly TitleMention[]): TitleMention[] {
  const byFilm = new Map<number, TitleMention>();
  for (const m of mentions) {
    const first = byFilm.get(m.movieId);
    if (!first) byFilm.set(m.movieId, m);
    else if (m.sentiment !== "neutral") byFilm.set(m.movieId, { ...first, sentiment: m.sentiment });
  }
  return [...byFilm.values()];
}

function onePerText<T extends { text: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((u) => {
    const k = u.text.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function remember(
  list: readonly number[] | undefined,
  ids: readonly number[],
  keep = MENTION_MEMORY,
): number[] {
  const kept = (list ?? []).filter((id) => !ids.includes(id));
  return [...kept, ...ids].slice(-keep);
}

/** Films remembered as said in public, per person; older ones stop being named on cards. */
const PUBLIC_FILMS = 500;
/** Places remembered as opted in to movie nights, per person. */
const NIGHT_PLACES = 50;

/** Where a movie night is: the chat it was asked in; the terminal is one place of its own. */
function placeOf(speaker: Speaker): string {
  return speaker.place?.id ?? speaker.platform;
}

function withConsent(state: UserState, place: string): UserState {
  if (state.movieNightIn?.includes(place)) return state;
  return { ...state, movieNightIn: [...(state.movieNightIn ?? []), place].slice(-NIGHT_PLACES) };
}

function withName(state: UserState, speaker: Speaker): UserState {
  return speaker.name && speaker.name !== state.name ? { ...state, name: speaker.name } : state;
}

function prefLabel(p: Pick<Preference, "kind" | "value">): string {
  if (p.kind === "person") return p.value.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
  return p.kind === "genre" ? p.value.toLowerCase() : p.value;
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
