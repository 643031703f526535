import type { PollClosedEvent, SentPollEvent, Speaker } from "../events.ts";
import { type Translator, translator } from "../i18n/i18n.ts";
import { localizeReplies } from "../i18n/reasons.ts";
import { displayName } from "../movie.ts";
import { applyOpinions, opinionOn } from "../profile/profile.ts";
import { type Card, card, type Reply } from "../reply/reply.ts";
import type { OpenPoll, PlaceState, Store } from "../store/store.ts";
import type { SharedContext, TurnContext } from "./context.ts";
import { listed } from "./helpers.ts";

/**
 * Films a movie night puts to the vote: the top of the group list. At least three where the
 * list has them, at most five: more splits a handful of votes so thin that the winner is
 * chance, and five "Title (Year)" labels still read at a glance in every front end.
 */
export const VOTE_MIN = 3;
export const VOTE_MAX = 5;
/** Discord's and Telegram's limit on a poll's question alike. */
export const QUESTION_CHARS = 300;
/** How long a movie night's vote stays open unless its asker closes it: the evening it is for. */
export const DEFAULT_VOTE_HOURS = 2;

/** Where a movie night is: the chat it was asked in; the terminal is one place of its own. */
export function placeOf(speaker: Speaker): string {
  return speaker.place?.id ?? speaker.platform;
}

function withoutPoll(place: PlaceState): PlaceState {
  const { poll: _ended, ...rest } = place;
  return rest;
}

/**
 * Opens the movie night's vote in this place over the list's top films, replacing a vote
 * still open here (one per place). The replies: the replaced vote's end, then the new vote.
 */
export async function openVote(
  ctx: TurnContext,
  members: { key: string; name: string }[],
  cards: readonly Card[],
): Promise<Reply[]> {
  if (cards.length < 2) return [];
  const { store, speaker, key, tr } = ctx;
  const films = cards.slice(0, Math.max(VOTE_MIN, Math.min(VOTE_MAX, cards.length)));
  const now = ctx.now();
  const poll: OpenPoll = {
    id: crypto.randomUUID().slice(0, 8),
    asker: key,
    ...(speaker.name ? { askerName: speaker.name } : {}),
    movieIds: films.map((c) => c.movieId),
    members: members.map((m) => m.key),
    openedAt: now,
    closesAt: now + ctx.voteHours * 3600_000,
  };
  let replaced: OpenPoll | undefined;
  await store.updatePlace(placeOf(speaker), (place) => {
    replaced = place.poll;
    return { ...place, poll };
  });
  const who = members.map((m) => (m.key === key ? (speaker.name ?? tr.t("you")) : m.name));
  const question = tr.t("vote-question", { who: listed(who, tr) });
  const hours = ctx.voteHours;
  return [
    ...(replaced
      ? [
          {
            text: tr.t("vote-replaces", {
              title: ctx.catalogue.byId(replaced.movieIds[0]!)?.title ?? tr.t("vote-earlier"),
            }),
            ...(replaced.messageRef ? { endPoll: { messageRef: replaced.messageRef } } : {}),
          },
        ]
      : []),
    {
      text: tr.t("vote-open", { hours, asker: speaker.name ?? tr.t("whoever-asked") }),
      poll: {
        id: poll.id,
        question: question.length <= QUESTION_CHARS ? question : `${question.slice(0, QUESTION_CHARS - 1)}…`,
        options: films.map((c) => ({ movieId: c.movieId, label: displayName(c) })),
        hours,
      },
    },
  ];
}

/** The front end sent the vote as a message: a close naming that message is now understood. */
export async function pollSent(store: Store, sent: SentPollEvent): Promise<void> {
  await store.updatePlace(sent.place, (place) =>
    place.poll?.id === sent.pollId
      ? { ...place, poll: { ...place.poll, messageRef: sent.messageRef } }
      : place,
  );
}

/** The option with the most votes; a tie goes to the film higher in the group list. None without a vote. */
export function winnerOf(counts: readonly number[], options: number): number | undefined {
  let best: number | undefined;
  for (let i = 0; i < options; i++) {
    const n = counts[i] ?? 0;
    if (n > 0 && (best === undefined || n > (counts[best] ?? 0))) best = i;
  }
  return best;
}

/** "Close vote": the asker ends the vote now; the front end ends the platform poll and reports its counts. */
export async function closeVote(ctx: TurnContext): Promise<Reply[]> {
  const { tr } = ctx;
  const poll = (await ctx.store.getPlace(placeOf(ctx.speaker)))?.poll;
  if (!poll) return [{ text: tr.t("vote-none-open"), error: true }];
  if (poll.asker !== ctx.key)
    return [
      {
        text: tr.t("vote-only-asker", { asker: poll.askerName ?? tr.t("vote-the-asker") }),
        error: true,
      },
    ];
  if (!poll.messageRef) return [{ text: tr.t("vote-not-showing"), error: true }];
  return [{ text: tr.t("vote-closing"), endPoll: { messageRef: poll.messageRef } }];
}

/**
 * A vote ended with these counts. Only the place's open vote, named by its message, counts,
 * and only once: a close for a replaced, finished or unknown vote is ignored. The winner is
 * announced and becomes seen for every member whose films made the list, so no list offers
 * it to them again.
 */
export async function pollClosed(
  ctx: SharedContext,
  event: PollClosedEvent,
  /** Posters and where to watch for the announcement, said in its language. */
  decorate: (replies: Reply[], tr: Translator) => Promise<Reply[]> = async (replies) => replies,
): Promise<Reply[]> {
  const { store } = ctx;
  if ((await store.getPlace(event.place))?.poll?.messageRef !== event.messageRef) return [];
  let closed: OpenPoll | undefined;
  await store.updatePlace(event.place, (place) => {
    if (place.poll?.messageRef !== event.messageRef) return place;
    closed = place.poll;
    return withoutPoll(place);
  });
  if (!closed) return [];
  const counts = event.counts.map((n) => (Number.isInteger(n) && n > 0 ? n : 0));
  const total = counts.slice(0, closed.movieIds.length).reduce((a, b) => a + b, 0);
  const winner = winnerOf(counts, closed.movieIds.length);
  const movie = winner === undefined ? undefined : ctx.catalogue.byId(closed.movieIds[winner]!);
  // The announcement is said in the asker's language: the movie night was theirs.
  const tr = translator((await store.get(closed.asker))?.language);
  const said = (replies: Reply[]) => decorate(localizeReplies(tr, ctx.catalogue, replies), tr);
  if (!movie) return said([{ text: tr.t("vote-no-votes") }]);
  const now = ctx.now();
  const marked: string[] = [];
  for (const key of closed.members) {
    // Someone who said "forget me" since the vote opened is gone: no record is made for them.
    const state = await store.get(key);
    if (!state) continue;
    const opinion = opinionOn(state.profile, movie.movieId);
    if (opinion === undefined || opinion === "watchlist")
      await store.update(key, (s) => ({
        ...s,
        profile: applyOpinions(s.profile, [{ movieId: movie.movieId, opinion: "seen" }], now),
      }));
    const you = tr.t("you");
    marked.push(key === closed.asker ? (closed.askerName ?? state.name ?? you) : (state.name ?? you));
  }
  const votes = counts[winner!]!;
  const winnerLine = tr.t("vote-winner", { title: displayName(movie), votes, total });
  return said([
    {
      text: `${winnerLine}${marked.length > 0 ? tr.t("vote-marked", { who: listed(marked, tr) }) : ""}`,
      cards: [card(movie, 1, [`won the vote: ${votes} of ${total}`])],
    },
  ]);
}
