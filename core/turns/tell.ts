import { readTaste, saysNothing } from "../dialogue/taste.ts";
import { applyOpinions, applyPreferences, type Opinion, type Preference } from "../profile/profile.ts";
import { SIGNAL_EMOJI } from "../reply/actions.ts";
import { quote } from "../reply/quote.ts";
import type { Reply } from "../reply/reply.ts";
import type { ListFilter, PendingChoice } from "../store/store.ts";
import { opinionsOf, type TitleMention } from "../titles/find-titles.ts";
import { askAbout, MAX_OPTIONS } from "./choose.ts";
import type { TurnContext } from "./context.ts";
import { contextOf, idOf, name, names, OPINION_EMOJI, prefLabel, remember } from "./helpers.ts";
import { headed, updateAndPage } from "./lists.ts";
import { resolveQuery } from "./resolve-query.ts";

/** Web addresses, with or without a scheme ("https://x.example/a", "www.x.example"). */
const LINK = /\b(?:https?:\/\/|www\.)\S+/gi;

/** "Couldn't place" lines per message: past a few, more of them help nobody. */
const UNPLACED_SHOWN = 5;

/** Films remembered as said in public, per person; older ones stop being named on cards. */
const PUBLIC_FILMS = 500;

/** Free text about films and tastes: read it, update the profile, answer with a list. */
export async function tell(ctx: TurnContext, said: string): Promise<Reply[]> {
  const { speaker } = ctx;
  const before = await ctx.store.get(ctx.key);
  // A link is never a film: blanked (same length, so positions in the text still hold).
  const text = said.replace(LINK, (url) => " ".repeat(url.length));
  const reading = readTaste(text, ctx.titles, ctx.knownPerson, contextOf(before));
  const { prefs, asked } = reading;
  // One film named many times is one film ("Heat Heat Heat…" echoes once), and one message
  // adds at most `filmsPerMessage` of them, so a pasted wall of titles stays a short answer.
  const distinct = onePerFilm(reading.mentions);
  const mentions = distinct.slice(0, ctx.limits.filmsPerMessage);
  const leftOut = distinct.length - mentions.length;
  const unplaced = onePerText(reading.unplaced).slice(0, UNPLACED_SHOWN);
  if (saysNothing(reading)) {
    const lines = unplacedLines(ctx, unplaced);
    return [
      {
        text: [...lines, ctx.tr.t(lines.length > 0 ? "tell-try-poster" : "tell-no-title")].join("\n"),
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
  const at = ctx.now();
  const { replies, state } = await updateAndPage(
    ctx,
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
      ? ctx.tr.t("list-intro-asked", {
          asked: asked.map((p) => prefLabel(p, ctx.tr)).join(ctx.tr.t("list-comma")),
        })
      : ctx.tr.t("list-intro"),
  );
  const ask = askAbout(ctx, pending);
  const head = [
    ...gotIt(ctx, mentions, prefs),
    ...(leftOut > 0 ? [ctx.tr.t("tell-long-list", { taken: mentions.length, left: leftOut })] : []),
    ...ask.lines,
    ...unplacedLines(ctx, unplaced),
  ];
  const needsFilms = state.profile.liked.length === 0 && asked.length === 0;
  if (needsFilms) {
    return [
      {
        text: [...head, ctx.tr.t("tell-need-films")].join("\n"),
        ...(ask.choices.length ? { choices: ask.choices } : {}),
      },
    ];
  }
  // A question keeps its own message (its answer buttons are not the list's); otherwise the
  // acknowledgement heads the list.
  if (ask.choices.length > 0) return [{ text: head.join("\n"), choices: ask.choices }, ...replies];
  return headed(head, replies);
}

/** `/like <title>`, `/dislike <title>`: one film, looked up, with the feeling the command says. */
export async function opinion(ctx: TurnContext, query: string, signal: "like" | "dislike"): Promise<Reply[]> {
  const r = await resolveQuery(ctx, query);
  if ("reply" in r) return [{ ...r.reply, choices: [] }];
  const at = ctx.now();
  const { replies } = await updateAndPage(
    ctx,
    (s) => ({
      ...s,
      profile: applyOpinions(s.profile, [{ movieId: r.movieId, opinion: signal }], at),
      conversation: {
        ...s.conversation,
        filter: undefined,
        mentioned: remember(s.conversation.mentioned, [r.movieId]),
      },
    }),
    ctx.tr.t("list-intro"),
  );
  return headed(
    [ctx.tr.t("tell-got-it", { items: `${SIGNAL_EMOJI[signal]} ${name(ctx, r.movieId)}` })],
    replies,
  );
}

function gotIt(
  ctx: TurnContext,
  mentions: readonly TitleMention[],
  prefs: readonly Omit<Preference, "at">[],
): string[] {
  const lines: string[] = [];
  const opinions = mentions.filter((m) => m.sentiment !== "neutral");
  const prefText = prefs.map((p) => `${p.sign > 0 ? "👍" : "👎"} ${prefLabel(p, ctx.tr)}`);
  const parts = [
    ...opinions.map((m) => `${OPINION_EMOJI[m.sentiment as Opinion]} ${name(ctx, m.movieId)}`),
    ...prefText,
  ];
  if (parts.length > 0) lines.push(ctx.tr.t("tell-got-it", { items: parts.join(", ") }));
  const neutral = mentions.filter((m) => m.sentiment === "neutral");
  if (neutral.length > 0)
    lines.push(
      ctx.tr.t("tell-noted-neutral", {
        films: names(
          ctx,
          neutral.map((m) => m.movieId),
        ),
      }),
    );
  return lines;
}

function unplacedLines(
  ctx: TurnContext,
  unplaced: readonly { text: string; suggestions: number[] }[],
): string[] {
  return unplaced.map((u) =>
    u.suggestions.length > 0
      ? ctx.tr.t("tell-unplaced-close", { text: quote(u.text), films: names(ctx, u.suggestions) })
      : ctx.tr.t("tell-unplaced", { text: quote(u.text) }),
  );
}

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
