import { Memory } from "lowdb";
import { beforeEach, describe, expect, test } from "vitest";
import { createMatinee, type Matinee } from "../../core/matinee.ts";
import type { Action } from "../../core/reply/actions.ts";
import type { Reply } from "../../core/reply/reply.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { sharedApp } from "../helpers/app.ts";

const app = await sharedApp();
const CHANNEL = { id: "test:channel-1", private: false };
const dm = (who: string) => ({ id: `test:dm-${who}`, private: true });

let store: LowdbStore;
let bot: Matinee;
beforeEach(() => {
  store = new LowdbStore(new Memory<StoreData>());
  bot = createMatinee({ catalogue: app.catalogue, titles: app.titles, models: app.models, store });
});

const say = (userId: string, text: string, place = CHANNEL) =>
  bot.handle({ platform: "test", userId, name: userId[0]!.toUpperCase() + userId.slice(1), text, place });
const press = (userId: string, action: Action, place = CHANNEL) =>
  bot.handle({ platform: "test", userId, name: userId[0]!.toUpperCase() + userId.slice(1), action, place });
const cardsOf = (replies: Reply[]) => replies.flatMap((r) => r.cards ?? []);
const textOf = (replies: Reply[]) => replies.map((r) => r.text).join("\n");

describe("movie-night consent", () => {
  test("/movienight naming a member who told films only in a DM uses none of them: the member is asked", async () => {
    await say("bob", "I loved Heat and Alien and The Terminator", dm("bob"));
    await say("ann", "I loved Toy Story and Finding Nemo and Up");
    const night = await say("ann", "movie night with bob");
    expect(cardsOf(night)).toEqual([]);
    const invite = night.find((r) => r.choices?.some((c) => c.action.type === "joinNight"));
    expect(invite?.text).toContain("Bob: Ann asked for a movie night with you");
    expect(textOf(night)).not.toMatch(/Heat|Alien|Terminator/);
  });

  test("once the member opts in here, the card names only films they said in public", async () => {
    await say("bob", "I loved Heat and Alien and The Terminator", dm("bob"));
    await say("bob", "I loved Aliens");
    await say("ann", "I loved Toy Story and Finding Nemo and Up");
    const invite = (await say("ann", "movie night with bob")).find((r) => r.choices?.length)!;
    const joined = await press("bob", invite.choices![0]!.action);
    expect(textOf(joined)).toContain("you're in for movie nights here");
    const night = await say("ann", "movie night with bob");
    const cards = cardsOf(night);
    expect(cards.length).toBeGreaterThan(0);
    for (const c of cards) {
      const bob = c.reasons.find((r) => r.startsWith("Bob: "))!;
      expect(bob).toBeDefined();
      expect(bob).not.toMatch(/Heat|Alien \(|Terminator/);
    }
  });

  test("consent is per place: opting in one channel is not consent in another", async () => {
    await say("bob", "I loved Heat and Alien");
    await say("bob", "movie night with ann");
    await say("ann", "I loved Toy Story and Up", { id: "test:channel-2", private: false });
    const elsewhere = await say("ann", "movie night with bob", { id: "test:channel-2", private: false });
    expect(cardsOf(elsewhere)).toEqual([]);
    const here = await say("ann", "movie night with bob");
    expect(cardsOf(here).length).toBeGreaterThan(0);
  });

  test("a stranger pressing Count me in gets no stored profile", async () => {
    const r = await press("zed", { type: "joinNight" });
    expect(r[0]!.error).toBe(true);
    expect(await store.get("test:zed")).toBeUndefined();
  });
});
