import {
  DiscordAPIError,
  InteractionContextType,
  REST,
  type RESTPutAPIApplicationCommandsResult,
  Routes,
  SlashCommandBuilder,
} from "discord.js";
import { UserFacingError } from "../../core/errors.ts";
import { networkCode } from "../network-error.ts";

/** MovieLens's genre vocabulary (its README), offered as fixed choices on /recommend. */
export const GENRE_CHOICES = [
  "Action",
  "Adventure",
  "Animation",
  "Children",
  "Comedy",
  "Crime",
  "Documentary",
  "Drama",
  "Fantasy",
  "Film-Noir",
  "Horror",
  "IMAX",
  "Musical",
  "Mystery",
  "Romance",
  "Sci-Fi",
  "Thriller",
  "War",
  "Western",
] as const;

export const DECADE_CHOICES = Array.from({ length: 12 }, (_, i) => `${1910 + i * 10}s`);

/** Extra people a /movienight can name besides the one asking (user1 … user5). */
export const MOVIE_NIGHT_SLOTS = 5;

/** Option names of the commands whose `title` is autocompleted from the local title index. */
export const TITLE_COMMANDS = new Set(["similar", "like", "dislike"]);

const everywhere = [InteractionContextType.Guild, InteractionContextType.BotDM] as const;

function titleCommand(name: string, description: string, titleHelp: string) {
  return new SlashCommandBuilder()
    .setName(name)
    .setDescription(description)
    .setContexts(...everywhere)
    .addStringOption((o) =>
      o.setName("title").setDescription(titleHelp).setRequired(true).setAutocomplete(true).setMaxLength(200),
    );
}

/** The slash commands, as Discord's API wants them for registration. */
export function slashCommands() {
  const recommend = new SlashCommandBuilder()
    .setName("recommend")
    .setDescription("Films picked for your taste")
    .setContexts(...everywhere)
    .addStringOption((o) =>
      o
        .setName("genre")
        .setDescription("Only this genre")
        .addChoices(...GENRE_CHOICES.map((g) => ({ name: g, value: g }))),
    )
    .addStringOption((o) =>
      o
        .setName("decade")
        .setDescription("Only films from this decade")
        .addChoices(...DECADE_CHOICES.map((d) => ({ name: d, value: d }))),
    );
  const movieNight = new SlashCommandBuilder()
    .setName("movienight")
    .setDescription("One list for you and friends who have told Matinee their taste")
    .setContexts(InteractionContextType.Guild);
  for (let i = 1; i <= MOVIE_NIGHT_SLOTS; i++) {
    movieNight.addUserOption((o) =>
      o
        .setName(`user${i}`)
        .setDescription(i === 1 ? "Who is watching with you" : "And who else")
        .setRequired(false),
    );
  }
  movieNight.addBooleanOption((o) =>
    o.setName("everyone").setDescription("Everyone here who has opted in to movie nights (Count me in)"),
  );
  return [
    recommend,
    titleCommand("similar", "Films like one film", "The film (pick from the list or type it)"),
    titleCommand("like", "Tell Matinee you liked a film", "The film you liked"),
    titleCommand("dislike", "Tell Matinee you didn't like a film", "The film you didn't like"),
    new SlashCommandBuilder()
      .setName("profile")
      .setDescription("What Matinee knows about your taste")
      .setContexts(...everywhere),
    new SlashCommandBuilder()
      .setName("forget")
      .setDescription("Delete everything Matinee knows about you (asks first)")
      .setContexts(...everywhere),
    movieNight,
    new SlashCommandBuilder()
      .setName("import")
      .setDescription("Import your Letterboxd or IMDb history (the export file)")
      .setContexts(...everywhere)
      .addAttachmentOption((o) =>
        o
          .setName("file")
          .setDescription("Letterboxd's export zip or one of its CSVs, or IMDb's ratings.csv")
          .setRequired(true),
      )
      .addStringOption((o) =>
        o
          .setName("format")
          .setDescription("Which site it is from (found from the file when left out)")
          .addChoices({ name: "Letterboxd", value: "letterboxd" }, { name: "IMDb", value: "imdb" }),
      ),
    new SlashCommandBuilder()
      .setName("help")
      .setDescription("How to use Matinee")
      .setContexts(...everywhere),
  ].map((c) => c.toJSON());
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
