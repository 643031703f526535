import { groupSuggest, type Member } from "../recommend/group.ts";
import type { Reply } from "../reply/reply.ts";
import { type UserState, userKey } from "../store/store.ts";
import type { TurnContext } from "./context.ts";
import { listed, withName } from "./helpers.ts";
import { openVote, placeOf } from "./vote.ts";

/** Places remembered as opted in to movie nights, per person. */
const NIGHT_PLACES = 50;
/**
 * "Movie night with everyone" takes at most this many of the place's roster (the latest to
 * join): a list fair to a dozen tastes is already a compromise, and each member costs a scoring.
 */
export const EVERYONE_MAX = 12;

function withConsent(state: UserState, place: string): UserState {
  if (state.movieNightIn?.includes(place)) return state;
  return { ...state, movieNightIn: [...(state.movieNightIn ?? []), place].slice(-NIGHT_PLACES) };
}

/**
 * A movie night. The asker's own request is their consent in this place; anyone else's
 * films count only where they opted in (the "Count me in" button, or their own movie night
 * here), and a card names only films they said somewhere public. Anyone not yet in is asked.
 */
export async function group(ctx: TurnContext, memberIds: string[], everyone = false): Promise<Reply[]> {
  const { store, key, speaker, tr } = ctx;
  const you = tr.t("you");
  const place = placeOf(speaker);
  const self = await store.update(key, (s) => withConsent(withName(s, speaker), place));
  await store.joinRoster(place, key);
  const roster = everyone ? (await store.roster(place)).filter((k) => k !== key).slice(-EVERYONE_MAX) : [];
  const named = new Set(memberIds.map((id) => userKey(speaker.platform, id)));
  const keys = [...new Set([key, ...named, ...roster])];
  const members: (Member & { key: string })[] = [];
  const missing: string[] = [];
  const invited: string[] = [];
  for (const k of keys) {
    const state = k === key ? self : await store.get(k);
    const who = k === key ? you : (state?.name ?? k.slice(speaker.platform.length + 1));
    if (!state || state.profile.liked.length === 0) {
      // A roster name with no films left (they said "forget me" or have none) is simply not counted.
      if (k === key ? named.size > 0 || everyone : named.has(k)) missing.push(who);
    } else if (k !== key && !state.movieNightIn?.includes(place)) {
      // Off the roster's word alone nobody is counted: their own consent is checked every time.
      if (named.has(k)) invited.push(who);
    } else {
      // The asker sees their own films in private; everyone's are public-only where others look.
      const everything = k === key && speaker.place?.private !== false;
      // Someone who opted in before rosters were kept is put on this place's roster now.
      if (k !== key && !everyone) await store.joinRoster(place, k);
      members.push({
        key: k,
        name: who,
        profile: state.profile,
        ...(everything ? {} : { nameable: new Set(state.publicFilms ?? []) }),
      });
    }
  }
  const missingText = !missing.length
    ? ""
    : missing.length === 1 && missing[0] === you
      ? tr.t("night-missing-you")
      : tr.t("night-missing", { who: missing.join(", "), count: missing.length });
  const countMeIn = { label: tr.t("button-count-me-in"), action: { type: "joinNight" } } as const;
  const invitation: Reply[] = invited.length
    ? [
        {
          text: tr.t("night-invitation", {
            invited: invited.join(", "),
            asker: speaker.name ?? tr.t("someone-here"),
          }),
          choices: [countMeIn],
        },
      ]
    : everyone
      ? [{ text: tr.t("night-anyone-else"), choices: [countMeIn] }]
      : [];
  if (members.length < 2) {
    return [
      ...invitation,
      {
        text: [
          missingText,
          tr.t(invited.length ? "night-once-in" : everyone ? "night-nobody-opted" : "night-needs-two"),
        ]
          .filter(Boolean)
          .join("\n"),
      },
    ];
  }
  const cards = groupSuggest(ctx.catalogue, ctx.models, members, {
    k: ctx.pageSize,
    ...(ctx.rerank ? { rerank: ctx.rerank } : {}),
  });
  const who = members.map((m) => m.name);
  const intro = tr.t("night-intro", { who: listed(who, tr) });
  const ids = cards.map((c) => c.movieId);
  await store.update(key, (s) => ({
    ...withName(s, speaker),
    conversation: { ...s.conversation, lastCards: ids },
  }));
  return [
    ...(missingText ? [{ text: missingText }] : []),
    ...invitation,
    cards.length > 0 ? { text: intro, cards } : { text: tr.t("night-no-film") },
    ...(await openVote(ctx, members, cards)),
  ];
}

/** "Count me in": the presser's films may be used for movie nights in this place. */
export async function joinNight(ctx: TurnContext): Promise<Reply[]> {
  const { store, key, speaker } = ctx;
  const state = await store.get(key);
  // Someone the bot has never met gets no stored profile for a button press.
  if (!state || state.profile.liked.length === 0)
    return [
      {
        text: ctx.tr.t("night-join-first"),
        error: true,
      },
    ];
  await store.update(key, (s) => withConsent(withName(s, speaker), placeOf(speaker)));
  await store.joinRoster(placeOf(speaker), key);
  return [
    {
      text: speaker.name ? ctx.tr.t("night-joined", { name: speaker.name }) : ctx.tr.t("night-joined-you"),
    },
  ];
}
