// A session of the real bot against the fake Discord, printed as a person would see it (the
// README's transcript). Run: MATINEE_DATA_DIR=../shared/data/movielens npx tsx test/discord/fake-discord/transcript.ts
import { loadApp } from "../../../bot/app.ts";
import { loadConfig } from "../../../bot/config.ts";
import { silentLog } from "../../../core/log.ts";
import type { RecordedRequest } from "./fake-discord.ts";
import {
  ANN,
  autocomplete,
  BOT_USER,
  buttonPress,
  dmChannelOf,
  messageCreate,
  slashCommand,
} from "./fixtures.ts";
import { hasMorePicks, sentBody, startHarness, visible } from "./harness.ts";

const app = await loadApp(loadConfig(process.env), { log: silentLog });
const h = await startHarness(app);
const dm = { kind: "dm" as const, channel: dmChannelOf(ANN) };
const out: string[] = [];

// biome-ignore lint/suspicious/noExplicitAny: message JSON
function show(body: any, note = "") {
  const lines: string[] = [];
  const flags = body.flags ?? 0;
  const who = `Matinee${flags & 64 ? " (only you can see this)" : ""}${note}`;
  if (body.content) lines.push(`${who} › ${body.content.replace(/\n/g, "\n  ")}`);
  else lines.push(`${who} ›`);
  for (const e of body.embeds ?? []) {
    lines.push(`  ┃ ${e.title}${e.thumbnail ? "   [poster]" : ""}`);
    if (e.description) lines.push(`  ┃ ${e.description}`);
    const fields = (e.fields ?? []).map((f: { name: string; value: string }) =>
      f.name === "Links"
        ? `Links: ${f.value.replace(/\]\([^)]*\)/g, "").replace(/\[/g, "")}`
        : `${f.name}: ${f.value}`,
    );
    if (fields.length) lines.push(`  ┃ ${fields.join(" · ")}`);
  }
  for (const row of body.components ?? []) {
    lines.push(`  ${row.components.map((b: { label: string }) => `[${b.label}]`).join(" ")}`);
  }
  out.push(lines.join("\n"));
}

function showAll(requests: RecordedRequest[]) {
  for (const r of requests) {
    const body = sentBody(r);
    if (body) show(body);
  }
}

async function say(text: string) {
  out.push(`\nAnn (DM) › ${text}`);
  const before = h.fake.requests.length;
  h.fake.dispatch("MESSAGE_CREATE", messageCreate(text, ANN, dm));
  await h.fake.waitFor(
    (r) => h.fake.requests.indexOf(r) >= before && r.path.endsWith("/messages") && hasMorePicks(r),
  );
  const posted = h.fake.requests.slice(before).filter((r) => r.path.endsWith("/messages"));
  showAll(posted);
  out.push(`  (${posted.length} message${posted.length === 1 ? "" : "s"})`);
}

type I = { id: string; token: string; type: number; channel: { id: string } };
async function interact(label: string, i: I, done: (r: RecordedRequest) => boolean = () => true) {
  out.push(`\n${label}`);
  const mine = (r: RecordedRequest) => r.path.includes(`/${i.id}/`) || r.path.split("/").includes(i.token);
  h.fake.dispatchInteraction(i);
  await h.fake.waitFor((r) => mine(r) && visible([r]).length === 1 && done(r));
  showAll(visible(h.fake.requests.filter(mine)));
}

await say("I love Heat and Alien");
const list = [...h.fake.messages.values()].find((m) => m.embeds.length > 1)!;
const firstTitle = list.embeds[0].title;
const like = customIdsOf(list)[0]!;
out.push(`\nAnn presses [👍 1] under ${firstTitle}`);
const press = buttonPress(like, list, ANN, dm);
h.fake.dispatchInteraction(press);
const update = await h.fake.waitFor((r) => r.path.includes(`/${press.id}/`));
out.push(`  (interaction callback type ${update.body.type}: the list message is edited in place)`);
const row = update.body.data.components[0].components as { label: string; style: number }[];
out.push(`  ${row.map((b) => `[${b.label}]${b.style === 3 ? " (green)" : ""}`).join(" ")}`);
out.push(
  `  (${h.fake.requests.filter((r) => r.path.includes(`/${press.id}/`) || r.path.includes(press.token)).length} request for the press: no new message)`,
);

const ac = autocomplete("similar", "title", "godf", ANN, { kind: "guild" });
out.push("\nAnn (#films) types /similar title: godf");
h.fake.dispatchInteraction(ac);
const suggestions = await h.fake.waitFor((r) => r.path.includes(`/${ac.id}/`));
out.push(
  `  autocomplete › ${suggestions.body.data.choices
    .slice(0, 4)
    .map((c: { name: string }) => c.name)
    .join(" · ")} …`,
);
await interact(
  "Ann (#films) › /similar title: The Godfather (1972)",
  slashCommand("similar", [{ name: "title", type: 3, value: "id:858" }], ANN, { kind: "guild" }),
  (r) => hasMorePicks(r),
);
await interact(
  "Ann (#films) › /similar title: Qwxyzzy",
  slashCommand("similar", [{ name: "title", type: 3, value: "Qwxyzzy" }], ANN, { kind: "guild" }),
);
await interact("Ann (#films) › /profile", slashCommand("profile", [], ANN, { kind: "guild" }));
await interact("Ann (#films) › /forget", slashCommand("forget", [], ANN, { kind: "guild" }));
out.push(
  `\n(${h.fake.requests.length} REST requests reached the fake Discord; bot user ${BOT_USER.username})`,
);
await h.stop();
process.stdout.write(`${out.join("\n")}\n`);

function customIdsOf(m: { components: { components: { custom_id: string }[] }[] }): string[] {
  return m.components.flatMap((r) => r.components.map((c) => c.custom_id));
}
