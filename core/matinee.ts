import type { Catalogue } from "./catalogue.ts";
import { classify, type Intent } from "./dialogue/intent.ts";
import { yieldToLoop } from "./event-loop.ts";
import {
  type ChatEvent,
  type ImportEvent,
  isAction,
  isImport,
  type PollClosedEvent,
  type SentCardEvent,
  type SentPollEvent,
  type Speaker,
} from "./events.ts";
import { DEFAULT_LANGUAGE, type Language, matchLanguage, translator } from "./i18n/i18n.ts";
import { localizeCard, localizeReplies } from "./i18n/reasons.ts";
import type { ImportOutcome } from "./import/import-turn.ts";
import { type InlineAnswer, inlineAnswer, readInlineQuery } from "./inline.ts";
import { admission } from "./limits/admission.ts";
import { DEFAULT_LIMITS, DEFAULT_QUESTION_TTL_MS, type InputLimits } from "./limits/limits.ts";
import { peopleIndex } from "./recommend/filters.ts";
import type { ServingModels } from "./recommend/recommend.ts";
import type { RerankOptions } from "./recommend/rerank.ts";
import type { Action } from "./reply/actions.ts";
import { type Artwork, withArtwork } from "./reply/artwork.ts";
import type { Reply } from "./reply/reply.ts";
import type { Store } from "./store/store.ts";
import { userKey } from "./store/store.ts";
import type { TitleMatcher } from "./titles/find-titles.ts";
import { chooseButton } from "./turns/choose.ts";
import type { SharedContext, TurnContext } from "./turns/context.ts";
import { correct } from "./turns/correct.ts";
import { decorate } from "./turns/decorate.ts";
import { feedback, onLastList, react } from "./turns/feedback.ts";
import { confirm, dropForgetQuestion, forget, forgetButton } from "./turns/forget.ts";
import { greet } from "./turns/greet.ts";
import { group, joinNight } from "./turns/group.ts";
import { help } from "./turns/help.ts";
import { name, TITLE_QUERY_CHARS } from "./turns/helpers.ts";
import { importHistory, importUsage } from "./turns/import.ts";
import { setLanguage } from "./turns/language.ts";
import { more, recommend, refine, showList } from "./turns/lists.ts";
import { profileReply } from "./turns/profile.ts";
import { setRegion } from "./turns/region.ts";
import { similarButton, similarTo } from "./turns/similar.ts";
import { opinion, tell } from "./turns/tell.ts";
import { closeVote, DEFAULT_VOTE_HOURS, pollClosed, pollSent } from "./turns/vote.ts";

export type {
  ActionEvent,
  ChatEvent,
  ImportEvent,
  MessageEvent,
  PollClosedEvent,
  SentCardEvent,
  SentPollEvent,
} from "./events.ts";
export type { Language } from "./i18n/i18n.ts";
export { HELP_TEXT, WELCOME_TEXT } from "./turns/help.ts";

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
  /** How long a movie night's vote stays open (hours, 1–768: Discord's range); 2 by default. */
  voteHours?: number;
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
  /** Call after sending a vote (`Reply.poll`) as a platform message, so its close is understood. */
  pollSent(sent: SentPollEvent): Promise<void>;
  /** A platform poll ended with these counts: the winner's announcement (none for a vote not open here). */
  pollClosed(closed: PollClosedEvent): Promise<Reply[]>;
  /** Titles for autocomplete as someone types (Discord `/similar`), best first, at most k (≤ 25). */
  complete(prefix: string, k?: number): { movieId: number; label: string }[];
  /**
   * Inline mode (`@bot heat` in any chat): the film typed and films like it; for an empty
   * query the person's own picks (popular films for someone new). Reads nothing, writes nothing
   * for a typed title: inline queries come a keystroke at a time.
   */
  inline(asker: Speaker, query: string, k?: number): Promise<InlineAnswer>;
  /**
   * The language to speak to this person: their own choice, else their platform's locale,
   * else English. For what a front end says without a turn (a notice on an old button).
   */
  language(speaker: Speaker): Promise<Language>;
}

/** A typed message: each kind of intent is one turn (`core/turns/`). */
async function onIntent(ctx: TurnContext, intent: Intent, text: string): Promise<Reply[]> {
  switch (intent.kind) {
    case "help":
      return help(ctx.tr);
    case "greet":
      return greet(ctx, text, intent.talk);
    case "import":
      return importUsage(ctx);
    case "language":
      return setLanguage(ctx, intent.code);
    case "forget":
      return forget(ctx, "ask");
    case "confirm":
      return confirm(ctx, intent.yes, text);
    case "profile":
      return [await profileReply(ctx)];
    case "more":
      return more(ctx);
    case "similar":
      return similarTo(ctx, intent.query);
    case "seen":
    case "watchlist":
      return onLastList(ctx, intent.which, intent.kind);
    case "refine":
      return refine(ctx, intent.direction);
    case "region":
      return setRegion(ctx, intent.code);
    case "group":
      return group(ctx, intent.members, intent.everyone);
    case "closeVote":
      return closeVote(ctx);
    case "correct":
      return correct(ctx, intent.text);
    case "tell":
      return tell(ctx, text);
  }
}

/** A button, slash command or reaction, already translated by the adapter. */
async function onAction(ctx: TurnContext, action: Action): Promise<Reply[]> {
  switch (action.type) {
    case "feedback":
      return feedback(ctx, [action.movieId], action.signal);
    case "react":
      return react(ctx, action.messageRef, action.emoji);
    case "similar":
      return similarButton(ctx, action.movieId);
    case "similarTo":
      return similarTo(ctx, action.query);
    case "opinion":
      return opinion(ctx, action.query, action.signal);
    case "choose":
      return chooseButton(ctx, action.movieId, action.instead);
    case "recommend":
      return recommend(ctx, action);
    case "more":
      return more(ctx, action.listId);
    case "list":
      return showList(ctx, action.listId);
    case "profile":
      return [await profileReply(ctx)];
    case "help":
      return help(ctx.tr);
    case "language":
      return setLanguage(ctx, action.code);
    case "forget":
      return forgetButton(ctx, action.confirmed);
    case "group":
      return group(ctx, action.members, action.everyone);
    case "closeVote":
      return closeVote(ctx);
    case "joinNight":
      return joinNight(ctx);
    case "region":
      return setRegion(ctx, action.code);
  }
}

export function createMatinee(deps: MatineeDeps): Matinee {
  const { catalogue, titles, models, store } = deps;
  const now = deps.now ?? Date.now;
  const limits: InputLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const admit = admission(limits, now);
  const shared: SharedContext = {
    catalogue,
    titles,
    models,
    store,
    pageSize: deps.pageSize ?? 10,
    rerank: deps.rerank,
    artwork: deps.artwork,
    defaultRegion: deps.defaultRegion,
    questionTtl: deps.questionTtlMs ?? DEFAULT_QUESTION_TTL_MS,
    limits,
    voteHours: Math.min(768, Math.max(1, Math.round(deps.voteHours ?? DEFAULT_VOTE_HOURS))),
    now,
    knownPerson: peopleIndex(catalogue),
  };
  /** The language of the platform's locale for someone (before their stored choice is read). */
  const hinted = (speaker: Speaker): Language => matchLanguage(speaker.locale) ?? DEFAULT_LANGUAGE;
  /** Their own choice (or the default stored when they first came), else the platform's locale. */
  const languageOf = async (speaker: Speaker, key: string): Promise<Language> =>
    (await store.get(key))?.language ?? hinted(speaker);
  const turnOf = (event: ChatEvent, lang: Language): TurnContext => ({
    ...shared,
    key: userKey(event.platform, event.userId),
    speaker: event,
    tr: translator(lang),
  });
  const importFile = async (event: ImportEvent) => {
    const ctx = turnOf(event, await languageOf(event, userKey(event.platform, event.userId)));
    const outcome = await importHistory(ctx, event);
    return { ...outcome, replies: localizeReplies(ctx.tr, catalogue, outcome.replies) };
  };

  return {
    async handle(event: ChatEvent): Promise<Reply[]> {
      const key = userKey(event.platform, event.userId);
      // Refusals come before any read: said in the platform's language for the person.
      const platformTr = translator(hinted(event));
      const refused = admit(event, key, platformTr);
      if (refused) return localizeReplies(platformTr, catalogue, refused);
      if (isImport(event)) return (await importFile(event)).replies;
      // Admitted: the work starts from the event loop, not inside whichever turn came before.
      await yieldToLoop();
      const ctx = turnOf(event, await languageOf(event, key));
      const intent = isAction(event) ? undefined : classify(event.text);
      const answersForget = isAction(event)
        ? event.action.type === "forget"
        : intent?.kind === "confirm" || intent?.kind === "forget";
      if (!answersForget) await dropForgetQuestion(ctx);
      const replies = isAction(event)
        ? await onAction(ctx, event.action)
        : await onIntent(ctx, intent!, event.text);
      return localizeReplies(ctx.tr, catalogue, await decorate(ctx, replies));
    },
    importHistory: importFile,
    language: (speaker: Speaker) => languageOf(speaker, userKey(speaker.platform, speaker.userId)),
    async cardSent(sent: SentCardEvent): Promise<void> {
      await store.rememberCard(sent.messageRef, {
        movieId: sent.movieId,
        key: userKey(sent.platform, sent.userId),
        at: now(),
      });
    },
    pollSent: (sent: SentPollEvent) => pollSent(store, sent),
    async pollClosed(closed: PollClosedEvent): Promise<Reply[]> {
      // Decorated (poster, where to watch) as any card is, for the place's default region, in
      // the announcement's language (the asker's).
      return pollClosed(shared, closed, (replies, tr) =>
        decorate({ ...shared, key: "", speaker: { platform: closed.platform, userId: "" }, tr }, replies),
      );
    },
    complete(prefix: string, k = 25) {
      if (prefix.length > TITLE_QUERY_CHARS) return [];
      return titles
        .complete(prefix, Math.min(25, k))
        .map((movieId) => ({ movieId, label: name(shared, movieId) }));
    },
    async inline(asker: Speaker, query: string, k?: number): Promise<InlineAnswer> {
      const state =
        readInlineQuery(query) === "" ? await store.get(userKey(asker.platform, asker.userId)) : undefined;
      // A typed title reads nothing: the language is the one the platform says (inline queries
      // come a keystroke at a time); an empty query has read the person's own choice.
      const tr = translator(state?.language ?? hinted(asker));
      // From the event loop, like a turn: a batch of keystrokes from many people never runs
      // back to back ahead of the messages that arrived with it.
      await yieldToLoop();
      const said = inlineAnswer(shared, query, state?.profile, k);
      // English cards come back as they are (localizeCard returns them untouched).
      const answer = {
        ...said,
        results: said.results.map((r) => ({ ...r, card: localizeCard(tr, catalogue, r.card) })),
      };
      const artwork = deps.artwork;
      if (!artwork || answer.results.length === 0) return answer;
      const cards = withArtwork(
        answer.results.map((r) => r.card),
        artwork,
        state?.region ?? deps.defaultRegion,
        tr,
      );
      return { ...answer, results: answer.results.map((r, i) => ({ ...r, card: cards[i]! })) };
    },
  };
}
