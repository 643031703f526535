import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { slashCommands } from "../../adapters/discord/commands.ts";
import { COMMAND_EXAMPLES, discordHelp, discordWelcome, usageOf } from "../../adapters/discord/help.ts";
import { safeMarkdown } from "../../adapters/discord/render.ts";
import { userKey } from "../../core/store/store.ts";
import { sharedApp } from "../helpers/app.ts";
import type { RecordedRequest } from "./fake-discord/fake-discord.ts";
import {
  ANN,
  BOB,
  BOT_USER,
  CAT,
  dmChannelOf,
  type FakeUser,
  messageCreate,
  type Place,
  slashCommand,
} from "./fake-discord/fixtures.ts";
import { type Harness, sentBody, startHarness, visible } from "./fake-discord/harness.ts";

const GUILD_PLACE: Place = { kind: "guild" };
const dm = (who: FakeUser): Place => ({ kind: "dm", channel: dmChannelOf(who) });

let h: Harness;
beforeAll(async () => {
  h = await startHarness(await sharedApp());
});
afterAll(async () => {
  await h?.stop();
});

/** What Discord shows for content the bot sent through safeMarkdown: the escapes are gone. */
const unescaped = (content: string) => content.replace(/\\([^\sA-Za-z0-9])/g, "$1");

async function dmSay(who: FakeUser, text: string): Promise<RecordedRequest[]> {
  const from = h.fake.requests.length;
  const message = messageCreate(text, who, dm(who));
  h.fake.dispatch("MESSAGE_CREATE", message);
  const path = `/channels/${dmChannelOf(who).id}/messages`;
  const isAnswer = (r: RecordedRequest) =>
    h.fake.requests.indexOf(r) >= from && r.method === "POST" && r.path === path;
  await h.fake.waitFor(isAnswer);
  return h.fake.requests.filter(isAnswer);
}

describe("help from the registered command table", () => {
  test("/help lists every slash command Discord registers, with its description and an example", async () => {
    const i = slashCommand("help", [], ANN, GUILD_PLACE);
    h.fake.dispatchInteraction(i);
    const answer = await h.fake.waitFor((r) => r.path.includes(`/${i.id}/`) && visible([r]).length === 1);
    const content = unescaped(sentBody(answer).content as string);
    const commands = slashCommands();
    expect(commands.length).toBeGreaterThan(5);
    for (const c of commands) {
      expect(content, c.name).toContain(`/${c.name}`);
      expect(content, c.name).toContain(`${usageOf(c)}\` — ${c.description}`);
      // A command that takes input shows how to fill it in.
      if ((c.options ?? []).length > 0)
        expect(content, c.name).toContain(`Example: \`${COMMAND_EXAMPLES[c.name]}\``);
    }
    // What works by typing, and the TMDB notice.
    expect(content).toContain("In a DM, or mentioning me in a server, just write");
    expect(content).toContain("`more like <title>`");
    expect(content).toContain("not endorsed or certified by TMDB");
    expect(sentBody(answer).content).toBe(safeMarkdown(discordHelp()));
    expect(sentBody(answer).content.length).toBeLessThanOrEqual(2000);
  });

  test("every slash command with options has an example to show", () => {
    for (const c of slashCommands())
      if ((c.options ?? []).length > 0)
        expect(COMMAND_EXAMPLES[c.name], c.name).toMatch(new RegExp(`^/${c.name} `));
  });

  test("a bare mention in a server gets the same help", async () => {
    const message = messageCreate(`<@${BOT_USER.id}>`, BOB, GUILD_PLACE, [BOT_USER]);
    h.fake.dispatch("MESSAGE_CREATE", message);
    const answer = await h.fake.waitFor((r) => r.body?.message_reference?.message_id === message.id);
    expect(answer.body.content).toBe(safeMarkdown(discordHelp()));
  });
});

describe("first contact in a DM", () => {
  test('a first "hi" gets the welcome with an example and the slash commands, and stores nothing', async () => {
    const [welcome] = await dmSay(ANN, "hi");
    const content = unescaped(welcome!.body.content as string);
    expect(welcome!.body.content).toBe(safeMarkdown(discordWelcome()));
    expect(content).toContain("“I love The Godfather, Heat and Alien”");
    expect(content).toContain("`/recommend`");
    expect(content).toContain("`/similar`");
    expect(content).not.toContain("couldn't find a film");
    expect(await h.store.get(userKey("discord", ANN.id))).toBeUndefined();
  });

  test("a greeting-like title is still a film", async () => {
    const [answer] = await dmSay(CAT, "I loved Hello, Dolly!");
    expect(unescaped(answer!.body.content as string)).toContain("Got it: 👍 Hello, Dolly! (1969)");
    const liked = (await h.store.get(userKey("discord", CAT.id)))?.profile.liked.map((e) => e.movieId);
    expect(liked).toEqual([6732]);
  });
});
