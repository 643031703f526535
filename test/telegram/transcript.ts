// A session of the real bot against the fake Bot API, printed as the calls Telegram receives
// (the README's transcript). Run: MATINEE_DATA_DIR=../shared/data/movielens npx tsx test/telegram/transcript.ts
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import { Memory } from "lowdb";
import { startTelegramBot } from "../../adapters/telegram/bot.ts";
import { decodePage } from "../../adapters/telegram/render.ts";
import { loadApp } from "../../bot/app.ts";
import { loadConfig } from "../../bot/config.ts";
import { silentLog } from "../../core/log.ts";
import { createMatinee } from "../../core/matinee.ts";
import { decodeButton } from "../../core/reply/actions.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { type Call, FakeBotApi } from "./fake-bot-api.ts";
import { buttonPress, person, privateChat, textMessage } from "./scripted.ts";
import { parseTelegramHtml } from "./telegram-html.ts";

const app = await loadApp(loadConfig(process.env), { log: silentLog });
const fake = await FakeBotApi.start();
const store = new LowdbStore(new Memory<StoreData>());
const matinee = createMatinee({ ...app, store, pageSize: 5 });
const bot = await startTelegramBot({ matinee, token: fake.token, apiRoot: fake.apiRoot, log: silentLog });
const ann = person(4242, "Ann");
const chat = privateChat(ann);
const out: string[] = [];

const keyboard = (markup: unknown) =>
  ((markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [])
    .map((row) => `  ${row.map((b) => `[${b.text}]`).join(" ")}`)
    .join("\n");

function show(c: Call) {
  const p = c.payload as Record<string, unknown>;
  const media = p.media as { caption?: string; media?: string } | undefined;
  const html = String(p.caption ?? p.text ?? media?.caption ?? "");
  const visible = html
    ? "text" in parseTelegramHtml(html)
      ? (parseTelegramHtml(html) as { text: string }).text
      : html
    : "";
  const photo = p.photo ?? media?.media;
  out.push(
    `${c.method}${photo ? " [poster]" : ""}${c.method === "answerCallbackQuery" && p.text ? ` "${p.text}"` : ""}`,
  );
  if (visible && c.method !== "answerCallbackQuery") out.push(`  ${visible.replace(/\n/g, "\n  ")}`);
  if (p.reply_markup) out.push(keyboard(p.reply_markup));
}

/** Pushes an update, waits until the calls it caused are done (a marker's answer), prints them. */
async function step(label: string, update: Parameters<FakeBotApi["push"]>[0], done: (c: Call) => boolean) {
  out.push(`\n${label}`);
  const from = fake.calls.length;
  fake.push(update);
  await fake.waitFor(done, { from });
  await new Promise((r) => setTimeout(r, 300));
  const calls = fake.calls
    .slice(from)
    .filter((c) => c.method !== "sendChatAction" && c.method !== "getUpdates");
  for (const c of calls) show(c);
  const sent = calls.filter((c) => c.method.startsWith("send")).length;
  out.push(
    `  (${calls.length} call${calls.length === 1 ? "" : "s"}, ${sent} new message${sent === 1 ? "" : "s"})`,
  );
}

const current = (m: Message) => fake.messages.get(`${m.chat.id}:${m.message_id}`)!;
const dataOn = (m: Message, test: (d: string) => boolean) =>
  (current(m).reply_markup?.inline_keyboard ?? [])
    .flat()
    .flatMap((b) => ("callback_data" in b && test(b.callback_data) ? [b.callback_data] : []))[0]!;

await fake.waitFor((c) => c.method === "getUpdates");
await step(
  "Ann › I love Heat and Alien",
  textMessage(fake.messageId(), ann, chat, "I love Heat and Alien"),
  (c) => c.method === "sendPhoto" || (c.method === "sendMessage" && c.payload.reply_markup !== undefined),
);
const list = fake.calls.find(
  (c) => c.method === "sendPhoto" || (c.method === "sendMessage" && c.payload.reply_markup),
)!.result as Message;
let n = 0;
const press = (label: string, data: string, method: string) =>
  step(label, buttonPress(`q${n++}`, ann, current(list), data), (c) =>
    method === "send" ? c.method === "sendPhoto" || c.method === "sendMessage" : c.method === method,
  );
await press(
  "Ann presses [👍]",
  dataOn(list, (d) => decodeButton(d)?.action.type === "feedback"),
  "editMessageReplyMarkup",
);
await press(
  "Ann presses [▶]",
  dataOn(list, (d) => decodePage(d)?.index === 1),
  list.photo ? "editMessageMedia" : "editMessageText",
);
await press(
  "Ann presses [More picks]",
  dataOn(list, (d) => decodeButton(d)?.action.type === "more"),
  "send",
);
await press(
  "Ann presses the first list's [More picks] again",
  dataOn(list, (d) => decodeButton(d)?.action.type === "more"),
  "sendMessage",
);
await bot.stop();
await fake.close();
await store.close();
process.stdout.write(`${out.join("\n")}\n`);
