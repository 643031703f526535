import { once } from "node:events";
import { GatewayIntentBits } from "discord.js";
import { afterAll, beforeAll, expect, test } from "vitest";
import { INTENTS } from "../../adapters/discord/client.ts";
import { sharedApp } from "../helpers/app.ts";
import { ANN, BOT_USER, slashCommand } from "./fake-discord/fixtures.ts";
import { type Harness, startHarness, TOKEN } from "./fake-discord/harness.ts";

let h: Harness;
beforeAll(async () => {
  // A fast heartbeat, to see acknowledgements within the test (only /help runs here: nothing blocks).
  h = await startHarness(await sharedApp(), { heartbeatInterval: 50 });
});
afterAll(async () => {
  await h?.stop();
});

test("identifies with the bot token and the non-privileged intents over JSON, v10", async () => {
  await h.fake.whenReady();
  expect(h.fake.identify?.token).toBe(TOKEN);
  const intents = h.fake.identify!.intents;
  expect(intents).toBe(INTENTS.reduce((a, b) => a | b, 0));
  for (const bit of [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.DirectMessages,
    GatewayIntentBits.GuildMessageReactions,
    GatewayIntentBits.DirectMessageReactions,
  ]) {
    expect(intents & bit).toBe(bit);
  }
  // Privileged, and not needed: Discord sends DM and mention content without it.
  expect(intents & GatewayIntentBits.MessageContent).toBe(0);
  expect(h.fake.gatewayQuery).toMatchObject({ v: "10", encoding: "json" });
  expect(h.bot.client.user.id).toBe(BOT_USER.id);
  expect(h.bot.client.guilds.cache.size).toBe(1);
});

test("heartbeats are acknowledged and the connection stays up", async () => {
  while (h.fake.heartbeatsAcked < 3) await once(h.fake, "heartbeat");
  const i = slashCommand("help", [], ANN, { kind: "guild" });
  h.fake.dispatchInteraction(i);
  const r = await h.fake.waitFor((q) => q.path.includes(`/${i.id}/`));
  expect(r.body.type).toBe(4);
});

test("a missed heartbeat acknowledgement: the client resumes and gets the events it missed", async () => {
  const resumesBefore = h.fake.resumes;
  h.fake.acksToSkip = 1;
  await once(h.fake, "disconnected");
  const resumed = once(h.fake, "resumed");
  // Sent while the client is away: Discord (and the fake) replays it on resume.
  const i = slashCommand("help", [], ANN, { kind: "guild" });
  h.fake.dispatchInteraction(i);
  await resumed;
  expect(h.fake.resumes).toBe(resumesBefore + 1);
  const r = await h.fake.waitFor((q) => q.path.includes(`/${i.id}/`));
  expect(r.body.type).toBe(4);
  expect(r.body.data.content).toContain("Slash commands (type / to pick one):");
});
