import { Memory } from "lowdb";
import { describe, expect, test } from "vitest";
import { classify } from "../../core/dialogue/intent.ts";
import { createMatinee, HELP_TEXT } from "../../core/matinee.ts";
import type { Reply } from "../../core/reply/reply.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { sharedApp } from "../helpers/app.ts";

const app = await sharedApp();

function bot() {
  const store = new LowdbStore(new Memory<StoreData>());
  const matinee = createMatinee({ catalogue: app.catalogue, titles: app.titles, models: app.models, store });
  const say = (text: string) => matinee.handle({ platform: "test", userId: "u1", text });
  const liked = async () => ((await store.get("test:u1"))?.profile.liked ?? []).map((e) => e.movieId);
  return { say, liked };
}
const textOf = (replies: Reply[]) => replies.map((r) => r.text).join("\n");

describe("commands and list positions are validated before any text is read as titles", () => {
  test('"!help" is the help command, not a film', async () => {
    expect(classify("!help")).toEqual({ kind: "help" });
    const { say, liked } = bot();
    expect(textOf(await say("!help"))).toBe(HELP_TEXT);
    expect(await liked()).toEqual([]);
  });

  test('"seen #-1" is a list position no list has, never a title', async () => {
    expect(classify("seen #-1")).toEqual({ kind: "seen", which: [0] });
    const { say, liked } = bot();
    await say("I loved Heat");
    const before = await liked();
    expect(textOf(await say("seen #-1"))).toContain("in the last list");
    expect(await liked()).toEqual(before);
  });

  test("a bare number with no question open is not read as a title", async () => {
    const { say, liked } = bot();
    await say("I loved Heat");
    expect(textOf(await say("2"))).toContain("no open question");
    expect(await liked()).toEqual([6]);
  });

  test("URLs never become likes", async () => {
    const { say, liked } = bot();
    await say(
      "I loved https://www.imdb.com/title/tt0113277/heat-alien-the-godfather and www.up.example/toy-story",
    );
    expect(await liked()).toEqual([]);
    await say("I loved Heat, see https://example.com/alien");
    expect(await liked()).toEqual([6]);
  });
});
