import {
  DiscordAPIError,
  InteractionContextType,
  Locale,
  REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsResult,
  Routes,
  SlashCommandBuilder,
} from "discord.js";
import { UserFacingError } from "../../core/errors.ts";
import { DEFAULT_LANGUAGE, genreName, LANGUAGES, type Language, translator } from "../../core/i18n/i18n.ts";
import { MOVIELENS_GENRES } from "../../core/movie.ts";
import { networkCode } from "../network-error.ts";

/** MovieLens's genre vocabulary, offered as fixed choices on /recommend. */
export const GENRE_CHOICES = MOVIELENS_GENRES;

export const DECADE_CHOICES = Array.from({ length: 12 }, (_, i) => `${1910 + i * 10}s`);

/** Extra people a /movienight can name besides the one asking (user1 … user5). */
export const MOVIE_NIGHT_SLOTS = 5;

/** Option names of the commands whose `title` is autocompleted from the local title index. */
export const TITLE_COMMANDS = new Set(["similar", "like", "dislike"]);

const everywhere = [InteractionContextType.Guild, InteractionContextType.BotDM] as const;

const en = translator(DEFAULT_LANGUAGE);

function titleCommand(name: string, description: string, titleHelp: string) {
  return new SlashCommandBuilder()
    .setName(name)
    .setDescription(description)
    .setContexts(...everywhere)
    .addStringOption((o) =>
      o.setName("title").setDescription(titleHelp).setRequired(true).setAutocomplete(true).setMaxLength(200),
    );
}

/** The message ids of each command's and option's description (core/i18n): one catalogue for every language. */
const DESCRIPTIONS: Record<string, { self: string; options: Record<string, string> }> = {
  recommend: {
    self: "cmd-recommend",
    options: { genre: "cmd-recommend-genre", decade: "cmd-recommend-decade" },
  },
  similar: { self: "cmd-similar", options: { title: "cmd-similar-title" } },
  like: { self: "cmd-like", options: { title: "cmd-like-title" } },
  dislike: { self: "cmd-dislike", options: { title: "cmd-dislike-title" } },
  profile: { self: "cmd-profile", options: {} },
  forget: { self: "cmd-forget", options: {} },
  movienight: {
    self: "cmd-movienight",
    options: {
      ...Object.fromEntries(
        Array.from({ length: MOVIE_NIGHT_SLOTS }, (_, i) => [
          `user${i + 1}`,
          i === 0 ? "cmd-movienight-user1" : "cmd-movienight-user",
        ]),
      ),
      everyone: "cmd-movienight-everyone",
    },
  },
  import: { self: "cmd-import", options: { file: "cmd-import-file", format: "cmd-import-format" } },
  help: { self: "cmd-help", options: {} },
  language: { self: "cmd-language", options: { language: "cmd-language-language" } },
};

/** Languages Matinee speaks that Discord has a locale for (Discord's own codes: "ko", "ja", "de"). */
export function discordLocales(): { lang: Language; locale: string }[] {
  const known = new Set<string>(Object.values(Locale));
  return LANGUAGES.filter((l) => l !== DEFAULT_LANGUAGE && known.has(l)).map((lang) => ({
    lang,
    locale: lang,
  }));
}

/** A localized name, as Discord accepts it: its pattern, in lower case. */
function localName(lang: Language, id: string, args?: Record<string, string | number>): string {
  return translator(lang).t(id, args).toLocaleLowerCase(lang).replace(/\s+/g, "");
}

function optionNameId(option: string): { id: string; args?: Record<string, string | number> } {
  const user = /^user(\d)$/.exec(option);
  return user ? { id: "opt-name-user", args: { n: Number(user[1]) } } : { id: `opt-name-${option}` };
}

type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** A command's names and descriptions in every language Discord has a locale for, from the catalogue. */
function localized(command: CommandJson): CommandJson {
  const table = DESCRIPTIONS[command.name];
  if (!table) return command;
  const locales = discordLocales();
  const each = (say: (lang: Language) => string) =>
    Object.fromEntries(locales.map((l) => [l.locale, say(l.lang)]));
  return {
    ...command,
    description: en.t(table.self),
    name_localizations: each((lang) => localName(lang, `cmd-name-${command.name}`)),
    description_localizations: each((lang) => translator(lang).t(table.self)),
    options: (command.options ?? []).map((o) => {
      const name = optionNameId(o.name);
      const description = table.options[o.name];
      const choices =
        "choices" in o && o.choices && (o.name === "genre" || o.name === "decade")
          ? {
              choices: o.choices.map((c) => ({
                ...c,
                name_localizations: each((lang) =>
                  o.name === "genre"
                    ? genreName(translator(lang), String(c.value))
                    : translator(lang).t("decade-name", { decade: String(c.value).slice(0, 4) }),
                ),
              })),
            }
          : {};
      return {
        ...o,
        ...(description ? { description: en.t(description) } : {}),
        name_localizations: each((lang) => localName(lang, name.id, name.args)),
        ...(description
          ? { description_localizations: each((lang) => translator(lang).t(description)) }
          : {}),
        ...choices,
      };
    }) as CommandJson["options"],
  } as CommandJson;
}

/** The slash commands, as Discord's API wants them for registration, named and described in every language. */
export function slashCommands(): CommandJson[] {
  const recommend = new SlashCommandBuilder()
    .setName("recommend")
    .setDescription(en.t("cmd-recommend"))
    .setContexts(...everywhere)
    .addStringOption((o) =>
      o
        .setName("genre")
        .setDescription(en.t("cmd-recommend-genre"))
        .addChoices(...GENRE_CHOICES.map((g) => ({ name: g, value: g }))),
    )
    .addStringOption((o) =>
      o
        .setName("decade")
        .setDescription(en.t("cmd-recommend-decade"))
        .addChoices(...DECADE_CHOICES.map((d) => ({ name: d, value: d }))),
    );
  const movieNight = new SlashCommandBuilder()
    .setName("movienight")
    .setDescription(en.t("cmd-movienight"))
    .setContexts(InteractionContextType.Guild);
  for (let i = 1; i <= MOVIE_NIGHT_SLOTS; i++) {
    movieNight.addUserOption((o) =>
      o
        .setName(`user${i}`)
        .setDescription(en.t(i === 1 ? "cmd-movienight-user1" : "cmd-movienight-user"))
        .setRequired(false),
    );
  }
  movieNight.addBooleanOption((o) => o.setName("everyone").setDescription(en.t("cmd-movienight-everyone")));
  return [
    recommend,
    titleCommand("similar", en.t("cmd-similar"), en.t("cmd-similar-title")),
    titleCommand("like", en.t("cmd-like"), en.t("cmd-like-title")),
    titleCommand("dislike", en.t("cmd-dislike"), en.t("cmd-dislike-title")),
    new SlashCommandBuilder()
      .setName("profile")
      .setDescription(en.t("cmd-profile"))
      .setContexts(...everywhere),
    new SlashCommandBuilder()
      .setName("forget")
      .setDescription(en.t("cmd-forget"))
      .setContexts(...everywhere),
    movieNight,
    new SlashCommandBuilder()
      .setName("import")
      .setDescription(en.t("cmd-import"))
      .setContexts(...everywhere)
      .addAttachmentOption((o) => o.setName("file").setDescription(en.t("cmd-import-file")).setRequired(true))
      .addStringOption((o) =>
        o
          .setName("format")
          .setDescription(en.t("cmd-import-format"))
          .addChoices({ name: "Letterboxd", value: "letterboxd" }, { name: "IMDb", value: "imdb" }),
      ),
    new SlashCommandBuilder()
      .setName("help")
      .setDescription(en.t("cmd-help"))
      .setContexts(...everywhere),
    new SlashCommandBuilder()
      .setName("language")
      .setDescription(en.t("cmd-language"))
      .setContexts(...everywhere)
      .addStringOption((o) =>
        o
          .setName("language")
          .setDescription(en.t("cmd-language-language"))
          // Each language named in itself: someone who can't read the current one still finds theirs.
          .addChoices(...LANGUAGES.map((l) => ({ name: translator(l).t("language-name"), value: l }))),
      ),
  ].map((c) => localized(c.toJSON()));
}

export interface RegisterOptions {
  token: string;
  applicationId: string;
  /** Register in one server (instant, for testing) instead of globally. */
  guildId?: string;
  /** Discord's REST base, "https://discord.com/api" by default (a fake in tests). */
  api?: string;
}

/** Replaces the application's slash commands (globally or in one guild) with Matinee's. */
export async function registerCommands(
  options: RegisterOptions,
): Promise<RESTPutAPIApplicationCommandsResult> {
  const rest = new REST({ version: "10", ...(options.api ? { api: options.api } : {}) }).setToken(
    options.token,
  );
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  try {
    return (await rest.put(route, { body: slashCommands() })) as RESTPutAPIApplicationCommandsResult;
  } catch (error) {
    throw explainRegisterError(error, options);
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

function explainRegisterError(error: unknown, options: RegisterOptions): Error {
  const code = networkCode(error);
  if (code)
    return new UserFacingError(
      `Cannot reach Discord (${code}): check this machine's network and DNS${options.api ? ` and DISCORD_API_URL (${options.api})` : ""}.`,
    );
  if (!(error instanceof DiscordAPIError)) return error as Error;
  if (error.status === 401) return new UserFacingError("Discord rejected DISCORD_TOKEN (401 Unauthorized).");
  if (error.status === 403 && options.guildId) {
    return new UserFacingError(
      `Discord refused access to server ${options.guildId} (403): invite the bot there with the ` +
        "applications.commands scope first.",
    );
  }
  if (error.status === 404 || (error.status === 403 && !options.guildId)) {
    return new UserFacingError(
      `Discord has no application ${options.applicationId} for this token (${error.status}): check DISCORD_APP_ID.`,
    );
  }
  return new UserFacingError(`Discord refused the commands (${error.status}): ${error.message}`);
}
