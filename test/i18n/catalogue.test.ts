import { FluentBundle, FluentResource } from "@fluent/bundle";
import { Memory } from "lowdb";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { ChatEvent } from "../../core/events.ts";
import {
  catalogueSources,
  DEFAULT_LANGUAGE,
  LANGUAGES,
  matchLanguage,
  onTranslationProblem,
  type TranslationProblem,
  translator,
} from "../../core/i18n/i18n.ts";
import { localizeCard, onUnreadReason, type ReasonProblem } from "../../core/i18n/reasons.ts";
import { createMatinee, type Matinee } from "../../core/matinee.ts";
import { emptyProfile, type Profile } from "../../core/profile/profile.ts";
import { groupSuggest } from "../../core/recommend/group.ts";
import type { Action } from "../../core/reply/actions.ts";
import type { Reply } from "../../core/reply/reply.ts";
import { similarCards } from "../../core/similar.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { suggest } from "../../core/suggest.ts";
import { sharedApp } from "../helpers/app.ts";
import { bytesOf, letterboxd } from "../helpers/exports.ts";

const app = await sharedApp();
const HANGUL = /\p{Script=Hangul}/u;

/** Every message of a language's file: its id, the variables it shows, and those it only selects on. */
function messagesOf(source: string): Map<string, { shown: Set<string>; selects: Set<string> }> {
  const out = new Map<string, { shown: Set<string>; selects: Set<string> }>();
  // The runtime AST of @fluent/bundle: a pattern is a string or a list of strings and expressions.
  type Node = { type?: string; name?: string; selector?: Node; variants?: { value: unknown }[] };
  const walk = (pattern: unknown, into: { shown: Set<string>; selects: Set<string> }) => {
    if (!Array.isArray(pattern)) return;
    for (const el of pattern as (string | Node)[]) {
      if (typeof el === "string") continue;
      if (el.type === "var") into.shown.add(el.name!);
      if (el.type === "select") {
        if (el.selector?.type === "var") into.selects.add(el.selector.name!);
        for (const v of el.variants ?? []) walk(v.value, into);
      }
    }
  };
  for (const m of new FluentResource(source).body) {
    if (m.id.startsWith("-")) continue;
    const vars = { shown: new Set<string>(), selects: new Set<string>() };
    walk(m.value, vars);
    out.set(m.id, vars);
  }
  return out;
}

const catalogues = new Map([...catalogueSources()].map(([lang, src]) => [lang, messagesOf(src)]));
const english = catalogues.get(DEFAULT_LANGUAGE)!;

describe("the message catalogue", () => {
  test("English and Korean, each a file of its own, both parsing cleanly", () => {
    expect(LANGUAGES).toEqual(["en", "ko"]);
    for (const [lang, src] of catalogueSources()) {
      const errors = new FluentBundle(lang).addResource(new FluentResource(src));
      expect(errors, lang).toEqual([]);
    }
  });

  test.each(LANGUAGES.filter((l) => l !== DEFAULT_LANGUAGE))(
    "%s has every message English has, and no other, with the same variables",
    (lang) => {
      const other = catalogues.get(lang)!;
      expect([...other.keys()].filter((id) => !english.has(id))).toEqual([]);
      expect([...english.keys()].filter((id) => !other.has(id))).toEqual([]);
      for (const [id, en] of english) {
        const them = other.get(id)!;
        // Every variable a message shows is shown in both; one used only to pick a plural
        // form may go unused where the language has none (Korean counts have one form).
        const shown = (v: { shown: Set<string>; selects: Set<string> }) => [...v.shown].sort();
        const all = (v: { shown: Set<string>; selects: Set<string> }) => new Set([...v.shown, ...v.selects]);
        expect(
          shown(them).filter((v) => !all(en).has(v)),
          `${lang} ${id}`,
        ).toEqual([]);
        expect(
          shown(en).filter((v) => !all(them).has(v)),
          `${lang} ${id} drops a variable`,
        ).toEqual([]);
      }
    },
  );

  test.each(LANGUAGES)("every %s message formats without an error, for one and for many", (lang) => {
    const tr = translator(lang);
    const problems: TranslationProblem[] = [];
    const stop = onTranslationProblem((p) => problems.push(p));
    try {
      for (const [id, vars] of catalogues.get(lang)!) {
        for (const n of [1, 2, 1234]) {
          const args = Object.fromEntries([
            ...[...english.get(id)!.shown].map((v) => [v, "X"]),
            ...[...english.get(id)!.selects].map((v) => [v, n]),
            ...[...vars.selects].map((v) => [v, n]),
          ]);
          const text = tr.t(id, args);
          expect(text.length, `${lang} ${id}`).toBeGreaterThan(0);
          expect(text, `${lang} ${id}`).not.toContain("{");
        }
      }
    } finally {
      stop();
    }
    expect(problems).toEqual([]);
  });

  test("Korean says every sentence in Korean: each message holds Hangul, or is a name, a code or a symbol", () => {
    const ko = translator("ko");
    // Messages that are the same words in every language: examples typed as English, names,
    // the Discord/Telegram command names people type in Latin letters, and formats.
    const SAME = new Set([
      "help-example",
      "welcome-2",
      "list-and",
      "list-comma",
      "bundle-heading",
      "genre-sci-fi",
      "tell-instead",
      "tg-menu-example",
      "reason-top",
    ]);
    for (const [id, vars] of english) {
      const args = Object.fromEntries([...vars.shown, ...vars.selects].map((v) => [v, 2]));
      const text = ko.t(id, args);
      if (SAME.has(id) || /^[\s\p{P}\p{S}\d]*$/u.test(text.replace(/2/g, ""))) continue;
      expect(text, id).toMatch(HANGUL);
    }
  });

  test("platform locales pick the language: ko, ko-KR → Korean; en-US, de, none → none or English", () => {
    expect(matchLanguage("ko")).toBe("ko");
    expect(matchLanguage("ko-KR")).toBe("ko");
    expect(matchLanguage("en-GB")).toBe("en");
    expect(matchLanguage("de")).toBeUndefined();
    expect(matchLanguage(undefined)).toBeUndefined();
  });
});

describe("reasons on cards", () => {
  let unread: ReasonProblem[] = [];
  let stop: () => void = () => {};
  beforeEach(() => {
    unread = [];
    stop = onUnreadReason((p) => unread.push(p));
  });
  afterEach(() => stop());

  const profileOf = (ids: number[], at = 1): Profile => ({
    ...emptyProfile(),
    liked: ids.map((movieId, i) => ({ movieId, at: at + i })),
  });

  test("every reason of thousands of cards (lists, popular fill, films like one, movie nights) reads in Korean", () => {
    const ko = translator("ko");
    const movies = app.catalogue.movies;
    const cards = [];
    // A fixed spread of tastes: 1–4 liked films each, and no films at all (popularity fill).
    for (let i = 0; i < 120; i++) {
      const ids = Array.from(
        { length: 1 + (i % 4) },
        (_, k) => movies[(i * 37 + k * 101) % movies.length]!.movieId,
      );
      cards.push(...suggest(app.catalogue, app.models, profileOf(ids), { k: 10 }));
    }
    cards.push(...suggest(app.catalogue, app.models, emptyProfile(), { k: 20 }));
    cards.push(
      ...suggest(
        app.catalogue,
        app.models,
        { ...profileOf([858, 6]), prefs: [{ kind: "person", value: "tom hanks", sign: 1, at: 1 }] },
        { k: 10, filter: { person: "tom hanks" } },
      ),
    );
    for (const id of [858, 6, 1, 2571]) cards.push(...similarCards(app.catalogue, app.models, id, 10));
    cards.push(
      ...groupSuggest(
        app.catalogue,
        app.models,
        [
          { name: "Ann", profile: profileOf([1, 3114, 2355]) },
          { name: "Bob: the second", profile: profileOf([260, 1196]) },
        ],
        { k: 10 },
      ),
    );
    expect(cards.length).toBeGreaterThan(1000);
    for (const card of cards) {
      const said = localizeCard(ko, app.catalogue, card);
      expect(said.title).toBe(card.title);
      for (const r of said.reasons) expect(r, card.reasons.join(" | ")).toMatch(HANGUL);
    }
    expect(unread).toEqual([]);
  });

  test('"because you liked A and B" splits where both are titles, even for a title with "and" in it', () => {
    const ko = translator("ko");
    const card = {
      ...suggest(app.catalogue, app.models, profileOf([1]), { k: 1 })[0]!,
      reasons: [
        "because you liked Harry and the Hendersons and Heat",
        "because you liked Harry and the Hendersons",
      ],
    };
    const said = localizeCard(ko, app.catalogue, card).reasons;
    expect(said[0]).toBe(ko.t("reason-liked-two", { title: "Harry and the Hendersons", other: "Heat" }));
    expect(said[1]).toBe(ko.t("reason-liked", { title: "Harry and the Hendersons" }));
  });
});

describe("no turn answers in English when the person speaks Korean", () => {
  const NOW = 1_700_000_000_000;
  let bot: Matinee;
  let problems: TranslationProblem[] = [];
  let unread: ReasonProblem[] = [];
  const stops: (() => void)[] = [];
  beforeEach(() => {
    problems = [];
    unread = [];
    stops.push(
      onTranslationProblem((p) => problems.push(p)),
      onUnreadReason((p) => unread.push(p)),
    );
    bot = createMatinee({
      catalogue: app.catalogue,
      titles: app.titles,
      models: app.models,
      store: new LowdbStore(new Memory<StoreData>(), () => NOW),
      now: () => NOW,
      limits: { messageChars: 500 },
    });
  });
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  /** Every kind of reply a turn gives, as someone whose app is in `locale` sees them. */
  async function everyKind(locale: string): Promise<Reply[]> {
    const who = (userId: string, name: string) => ({
      platform: "test",
      userId,
      name,
      locale,
      place: { id: "test:room", private: false },
    });
    const ann = who("ann", "Ann");
    const bob = who("bob", "Bob");
    const say = (text: string, w = ann) => bot.handle({ ...w, text });
    const act = (action: Action, w = ann) => bot.handle({ ...w, action } as ChatEvent);
    const out: Reply[] = [];
    const add = async (r: Promise<Reply[]>) => out.push(...(await r));
    await add(say("hi"));
    await add(say("profile"));
    await add(say("blah blah blah"));
    await add(say("I loved The Godfather and Heat, not a fan of musicals"));
    await add(say("hi"));
    await add(say("what can you do?"));
    await add(say("more"));
    await add(say("something newer"));
    await add(say("something older"));
    await add(say("something lighter"));
    await add(say("seen #2"));
    await add(say("save #3"));
    await add(say("seen #99"));
    await add(say("profile"));
    await add(say("more like Alien"));
    await add(say("more like Zzxqwv Flurbo"));
    await add(say("It"));
    await add(say("2"));
    await add(say("the 1890 one"));
    await add(say("Heat Heat Heat, Zzxqwv Flurbo"));
    await add(say("region DE"));
    await add(say("region XYZ1"));
    await add(say("import"));
    await add(say("x".repeat(600)));
    await add(act({ type: "recommend", genre: "crime", decade: "1990s" }));
    await add(act({ type: "recommend", genre: "space opera" }));
    await add(act({ type: "recommend", decade: "1234s" }));
    await add(act({ type: "feedback", movieId: 1, signal: "like" }));
    await add(act({ type: "feedback", movieId: 999_999_999, signal: "like" }));
    await add(act({ type: "similar", movieId: 999_999_999 }));
    await add(act({ type: "more", listId: "zzzz" }));
    await add(act({ type: "list", listId: "zzzz" }));
    await add(act({ type: "choose", movieId: 1, instead: 2 }));
    await add(act({ type: "help" }));
    await add(act({ type: "language" }));
    await add(act({ type: "language", code: "tlh" }));
    await add(act({ type: "opinion", query: "Toy Story", signal: "like" }));
    await add(act({ type: "closeVote" }));
    await add(act({ type: "joinNight" }, bob));
    await add(say("movie night with bob"));
    await add(say("I loved Toy Story and Up", bob));
    await add(act({ type: "joinNight" }, bob));
    const night = await bot.handle({ ...ann, action: { type: "group", members: ["bob"] } });
    out.push(...night);
    const poll = night.find((r) => r.poll)?.poll;
    expect(poll).toBeDefined();
    if (poll) {
      await bot.pollSent({
        platform: "test",
        place: "test:room",
        pollId: poll.id,
        messageRef: "test:room:1",
      });
      await add(act({ type: "closeVote" }, bob));
      await add(act({ type: "closeVote" }));
      out.push(
        ...(await bot.pollClosed({
          platform: "test",
          place: "test:room",
          messageRef: "test:room:1",
          counts: [1, 1],
        })),
      );
    }
    const upload = {
      fileName: "ratings.csv",
      bytes: bytesOf(
        letterboxd.ratings([
          { name: "Heat", year: 1995, date: "2019-04-01", rating: 4.5 },
          { name: "Not A Real Film At All", year: 2001, date: "2019-04-02", rating: 2 },
        ]),
      ),
    };
    await add(bot.handle({ ...ann, upload }));
    await add(bot.handle({ ...ann, upload: { fileName: "x.csv", bytes: bytesOf("") } }));
    await add(say("forget me"));
    await add(say("no"));
    await add(say("forget me"));
    await add(say("yes"));
    await add(say("forget me"));
    return out;
  }

  test("every reply kind in Korean: Korean text, Korean reasons and buttons, no missing message", async () => {
    const replies = await everyKind("ko");
    expect(replies.length).toBeGreaterThan(50);
    for (const r of replies) {
      if (r.text.trim()) expect(r.text, r.text).toMatch(HANGUL);
      expect(r.lang).toBe("ko");
      for (const c of r.cards ?? []) for (const reason of c.reasons) expect(reason).toMatch(HANGUL);
      for (const choice of r.choices ?? []) {
        const isTitle = app.catalogue.movies.some((m) => choice.label.startsWith(m.title));
        if (!isTitle && choice.label !== "English") expect(choice.label, r.text).toMatch(HANGUL);
      }
    }
    expect(problems).toEqual([]);
    expect(unread).toEqual([]);
  });

  test("a genre named in Korean is the genre (/recommend 범죄 1990s): Korean genre words in, the list narrowed", async () => {
    const ko = translator("ko");
    const [list] = await bot.handle({
      platform: "test",
      userId: "kim",
      locale: "ko-KR",
      action: { type: "recommend", genre: "범죄", decade: "1990s" },
    });
    expect(list!.text).toContain(ko.t("list-intro-genre-decade", { label: `1990s ${ko.t("genre-crime")}` }));
    for (const c of list!.cards ?? []) {
      expect(c.genres).toContain(ko.t("genre-crime"));
      expect(c.year! >= 1990 && c.year! < 2000).toBe(true);
    }
  });

  test("the same turns in English say what they always said: no Hangul but the language's own name", async () => {
    const replies = await everyKind("en-US");
    for (const r of replies) {
      expect(r.lang).toBeUndefined();
      expect(r.text.replace(/한국어/g, ""), r.text).not.toMatch(HANGUL);
    }
    expect(problems).toEqual([]);
  });
});
