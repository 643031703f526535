export {
  ALLOWED_UPDATES,
  startTelegramBot,
  type TelegramBot,
  type TelegramBotOptions,
  type TelegramWebhookOptions,
} from "./bot.ts";
