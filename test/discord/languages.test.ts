// The Discord flows in each language Matinee speaks, against the fake Discord with the real
// discord.js: the expected words are the catalogue's, in the language of the person's client
// (`interaction.locale`) or of their own choice (/language).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { slashCommands } from "../../adapters/discord/commands.ts";
import { translator } from "../../core/i18n/i18n.ts";
import { userKey } from "../../core/store/store.ts";
import { sharedApp } from "../helpers/app.ts";
import type { RecordedRequest } from "./fake-discord/fake-discord.ts";
import {
  buttonPress,
  CAT,
  DEE,
  dmChannelOf,
  type FakeUser,
  messageCreate,
  type Place,
  slashCommand,
} from "./fake-discord/fixtures.ts";
import {
  customIds,
  type Harness,
  hasMorePicks,
  interact as interactWith,
  messageOf,
  sentBody,
  startHarness,
} from "./fake-discord/harness.ts";

const GUILD: Place = { kind: "guild" };
const dm = (who: FakeUser): Place => ({ kind: "dm", channel: dmChannelOf(who) });
const GODFATHER = 858;
const HANGUL = /\p{Script=Hangul}/u;
const LOCALE = { en: "en-US", ko: "ko" } as const;

let h: Harness;
beforeAll(async () => {
  h = await startHarness(await sharedApp());
});
afterAll(async () => {
  await h?.stop();
});

type Interaction = Parameters<Harness["fake"]["dispatchInteraction"]>[0];
const interact = (i: Interaction, done?: (r: RecordedRequest) => boolean) => interactWith(h, i, done);
const content = (r: RecordedRequest) => (sentBody(r).content ?? "") as string;
const labels = (r: RecordedRequest) =>
  (sentBody(r).components ?? []).flatMap((row: { components: { label: string }[] }) =>
    row.components.map((c) => c.label),
  ) as string[];
/** Discord escapes markdown in the bot's text: compare without the escapes. */
const plain = (s: string) => s.replace(/\\([*_~`|>#-])/g, "$1");

let next = 0;
function person(lang: string): FakeUser {
  next++;
  const id = `${lang === "ko" ? 3 : 2}0000000000000${String(next).padStart(4, "0")}`;
  return { id, username: `p${next}`, global_name: `P${next}`, discriminator: "0", avatar: null };
}

describe.each(["en", "ko"] as const)("Discord in %s", (lang) => {
  const tr = translator(lang);
  const inLocale = <T extends object>(i: T) => ({ ...i, locale: LOCALE[lang] });

  test("/help lists the slash commands in the client's language, with their localized names", async () => {
    const who = person(lang);
    const [answer] = await interact(inLocale(slashCommand("help", [], who, GUILD)));
    const text = plain(content(answer!));
    expect(text).toContain(tr.t("discord-help-commands"));
    expect(text).toContain(tr.t("discord-help-write"));
    for (const c of slashCommands()) {
      expect(text).toContain(lang === "en" ? c.description : c.description_localizations!.ko!);
      if (lang === "ko") expect(text).toContain(`/${c.name_localizations!.ko}`);
    }
  });

  test("/like: the list in the language (text, fields, reasons, buttons), titles as the catalogue has them", async () => {
    // Someone whose DM channel the fake knows: the DM below is theirs.
    const who = lang === "en" ? CAT : DEE;
    const i = inLocale(
      slashCommand("like", [{ name: "title", type: 3, value: `id:${GODFATHER}` }], who, GUILD),
    );
    const [list] = await interact(i, hasMorePicks);
    const body = sentBody(list!);
    expect(plain(body.content)).toBe(
      `${tr.t("tell-got-it", { items: "👍 The Godfather (1972)" })}\n${tr.t("list-intro")}`,
    );
    for (const embed of body.embeds as { title: string; fields: { name: string }[]; description: string }[]) {
      expect(embed.fields.map((f) => f.name)).toContain(tr.t("discord-field-genres"));
      expect(embed.fields.map((f) => f.name)).toContain(tr.t("discord-field-links"));
      if (lang === "ko") expect(embed.description).toMatch(HANGUL);
      else expect(embed.description).not.toMatch(HANGUL);
    }
    expect(labels(list!)).toContain(tr.t("button-more"));
    // The client's language became the person's: a DM later (no locale in it) is answered alike.
    expect((await h.store.get(userKey("discord", who.id)))?.language).toBe(lang);
    h.fake.dispatch("MESSAGE_CREATE", messageCreate("I loved Heat", who, dm(who)));
    const answer = await h.fake.waitFor(
      (r) => r.path === `/channels/${dmChannelOf(who).id}/messages` && hasMorePicks(r),
    );
    expect(plain(content(answer))).toContain(tr.t("tell-got-it", { items: "👍 Heat (1995)" }));
  });

  test("/forget asks in the language, with its buttons; Cancel keeps everything", async () => {
    const who = person(lang);
    await interact(
      inLocale(slashCommand("like", [{ name: "title", type: 3, value: "Alien" }], who, GUILD)),
      hasMorePicks,
    );
    const [question] = await interact(inLocale(slashCommand("forget", [], who, GUILD)));
    expect(plain(content(question!))).toBe(tr.t("forget-ask"));
    expect(labels(question!)).toEqual([tr.t("button-forget-yes"), tr.t("button-cancel")]);
    const cancel = customIds(question!)[1]!;
    const [kept] = await interact(inLocale(buttonPress(cancel, messageOf(question!), who, GUILD)));
    expect(plain(content(kept!))).toBe(tr.t("forget-kept"));
  });

  test("someone else's More picks: the notice is in the presser's language, privately", async () => {
    const owner = person(lang);
    const other = person(lang);
    const [list] = await interact(
      inLocale(slashCommand("like", [{ name: "title", type: 3, value: `id:${GODFATHER}` }], owner, GUILD)),
      hasMorePicks,
    );
    const more = customIds(list!).find((id) => id.startsWith("m:"))!;
    const [notice] = await interact(inLocale(buttonPress(more, messageOf(list!), other, GUILD)));
    expect(sentBody(notice!).flags & 64).toBe(64);
    expect(content(notice!)).toBe(tr.t("notice-not-your-list"));
  });

  test("/language: without a choice, a button per language; a choice answers in the new language and wins over the client's", async () => {
    const who = person(lang);
    const other = lang === "en" ? "ko" : "en";
    const [ask] = await interact(inLocale(slashCommand("language", [], who, GUILD)));
    expect(sentBody(ask!).flags & 64).toBe(64);
    expect(plain(content(ask!))).toBe(tr.t("language-choose"));
    expect(labels(ask!)).toEqual(["English", "한국어"]);
    const pick = customIds(ask!)[other === "en" ? 0 : 1]!;
    const [set] = await interact(inLocale(buttonPress(pick, messageOf(ask!), who, GUILD)));
    expect(plain(content(set!))).toBe(translator(other).t("language-set"));
    expect((await h.store.get(userKey("discord", who.id)))?.language).toBe(other);
    // The client still says `lang`; the person's choice is what they get.
    const [help] = await interact(inLocale(slashCommand("help", [], who, GUILD)));
    expect(plain(content(help!))).toContain(translator(other).t("discord-help-commands"));
    const [back] = await interact(
      inLocale(slashCommand("language", [{ name: "language", type: 3, value: lang }], who, GUILD)),
    );
    expect(plain(content(back!))).toBe(tr.t("language-set"));
  });
});
