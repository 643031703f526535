import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { registerCommands } from "../../adapters/discord/commands.ts";
import { loadConfig } from "../../bot/config.ts";
import { UserFacingError } from "../../core/errors.ts";
import { runCli } from "../helpers/app.ts";
import { FakeDiscord } from "./fake-discord/fake-discord.ts";
import { APP_ID, GUILD } from "./fake-discord/fixtures.ts";
import { TOKEN } from "./fake-discord/harness.ts";

let fake: FakeDiscord;
beforeAll(async () => {
  fake = new FakeDiscord({ token: TOKEN, channels: [] });
  await fake.start();
});
afterAll(async () => {
  await fake?.close();
});

const COMMANDS = [
  "recommend",
  "similar",
  "like",
  "dislike",
  "profile",
  "forget",
  "movienight",
  "import",
  "help",
  "language",
];

// biome-ignore lint/suspicious/noExplicitAny: command JSON as Discord receives it
type CommandJson = { name: string; options?: any[] };

describe("registerCommands", () => {
  test("puts every slash command globally, with autocomplete, choices and the movie-night user slots", async () => {
    const registered = await registerCommands({ token: TOKEN, applicationId: APP_ID, api: fake.restApi });
    expect(registered.map((c) => c.name)).toEqual(COMMANDS);
    const put = await fake.waitFor(
      (r) => r.method === "PUT" && r.path === `/applications/${APP_ID}/commands`,
    );
    expect(put.authorization).toBe(`Bot ${TOKEN}`);
    const byName = new Map((put.body as CommandJson[]).map((c) => [c.name, c]));
    for (const name of ["similar", "like", "dislike"]) {
      expect(byName.get(name)!.options).toEqual([
        expect.objectContaining({ name: "title", type: 3, required: true, autocomplete: true }),
      ]);
    }
    const [genre, decade] = byName.get("recommend")!.options!;
    expect(genre.choices.map((c: { value: string }) => c.value)).toContain("Sci-Fi");
    expect(genre.choices.length).toBeLessThanOrEqual(25);
    expect(decade.choices.map((c: { value: string }) => c.value)).toContain("1990s");
    const [...users] = byName.get("movienight")!.options!;
    // "everyone" (a boolean) takes every person who opted in here, so user1 is optional too.
    expect(users.pop()).toEqual(expect.objectContaining({ name: "everyone", type: 5 }));
    expect(users.map((o: { name: string }) => o.name)).toEqual(["user1", "user2", "user3", "user4", "user5"]);
    expect(users.every((o: { type: number }) => o.type === 6)).toBe(true);
    expect(users.map((o: { required?: boolean }) => Boolean(o.required))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    const [file, format] = byName.get("import")!.options!;
    expect(file).toEqual(expect.objectContaining({ name: "file", type: 11, required: true }));
    expect(format.type).toBe(3);
    expect(format.choices.map((c: { value: string }) => c.value)).toEqual(["letterboxd", "imdb"]);
    for (const c of put.body as { description: string }[])
      expect(c.description.length).toBeLessThanOrEqual(100);
  });

  test("per guild", async () => {
    const registered = await registerCommands({
      token: TOKEN,
      applicationId: APP_ID,
      guildId: GUILD.id,
      api: fake.restApi,
    });
    expect(registered.every((c) => c.guild_id === GUILD.id)).toBe(true);
  });

  test("Discord's refusals become messages a person can act on", async () => {
    const attempt = (options: Partial<Parameters<typeof registerCommands>[0]>) =>
      registerCommands({ token: TOKEN, applicationId: APP_ID, api: fake.restApi, ...options });
    await expect(attempt({ token: "wrong-token" })).rejects.toThrow(
      new UserFacingError("Discord rejected DISCORD_TOKEN (401 Unauthorized)."),
    );
    await expect(attempt({ guildId: "800000000000000999" })).rejects.toThrow(/invite the bot there/);
    await expect(attempt({ applicationId: "900000000000000999" })).rejects.toThrow(/check DISCORD_APP_ID/);
  });
});

describe("matinee discord register", () => {
  const env = (extra: Record<string, string> = {}) => ({
    DISCORD_TOKEN: TOKEN,
    DISCORD_APP_ID: APP_ID,
    DISCORD_API_URL: fake.restApi,
    ...extra,
  });

  // Each run starts the whole CLI (seconds), so the three cases run side by side.
  test("registers in a guild; a missing setting or a rejected token is one clear line", async () => {
    const [ok, missing, rejected] = await Promise.all([
      runCli(["discord", "register", "--guild", GUILD.id], { env: env() }),
      runCli(["discord", "register"], { env: { DISCORD_API_URL: fake.restApi } }),
      runCli(["discord", "register"], { env: env({ DISCORD_TOKEN: "not-the-token-s3cret" }) }),
    ]);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(
      `Registered ${COMMANDS.length} slash commands in server ${GUILD.id}: /${COMMANDS.join(" /")}\n`,
    );
    await fake.waitFor(
      (r) => r.method === "PUT" && r.path === `/applications/${APP_ID}/guilds/${GUILD.id}/commands`,
    );

    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      "matinee: DISCORD_TOKEN (the bot token) and DISCORD_APP_ID (the application id) are not set: copy them " +
        "from your application in the Discord Developer Portal (see README, Discord).\n",
    );

    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toBe("matinee: Discord rejected DISCORD_TOKEN (401 Unauthorized).\n");
    expect(rejected.stdout + rejected.stderr).not.toContain("s3cret");
  });

  test("DISCORD_APP_ID must look like an application id", () => {
    expect(() => loadConfig({ DISCORD_APP_ID: "my-app" })).toThrow(
      'Configuration error: DISCORD_APP_ID must be the application id: 17 to 20 digits (got "my-app")',
    );
    expect(loadConfig({ DISCORD_APP_ID: APP_ID, DISCORD_API_URL: fake.restApi })).toMatchObject({
      discordAppId: APP_ID,
      discordApiUrl: fake.restApi,
    });
  });
});
