import type { Movie } from "../movie.ts";
import type { Choice, Signal } from "./actions.ts";

export interface Link {
  label: string;
  url: string;
}

/** One recommended film, ready for any front end to draw. */
export interface Card {
  movieId: number;
  title: string;
  year: number | null;
  genres: string[];
  reasons: string[];
  score: number;
  posterUrl?: string;
  /** "Stream: Netflix · Rent: Apple TV (via JustWatch)" for the person's region, when known. */
  watch?: string;
  links: Link[];
  /** What the person already said about this film (a list shown again marks its buttons with it). */
  said?: Signal;
}

/** One film to vote for, and how the vote names it ("Heat (1995)"); front ends shorten labels to their limit. */
export interface PollOption {
  movieId: number;
  label: string;
}

/**
 * A vote to open natively (a Discord poll, a Telegram poll, numbered lines in the terminal).
 * Once it is out the front end says where (`Matinee.pollSent`), and when it ends it reports
 * the counts, one per option in this order (`Matinee.pollClosed`).
 */
export interface Poll {
  id: string;
  /** At most 300 characters (Discord's and Telegram's limit alike). */
  question: string;
  /** 2–5 films, in the group list's order. */
  options: PollOption[];
  /** How long the vote stays open. */
  hours: number;
}

/**
 * What the bot says back: text, then cards, then buttons. Platform-neutral; adapters
 * render it (every card also gets the buttons of `cardChoices`).
 */
export interface Reply {
  text: string;
  cards?: Card[];
  /** Buttons under the text: "Did you mean…?" versions, a confirmation. */
  choices?: Choice[];
  /** Something went wrong that the person should see privately where the platform can (Discord ephemeral). */
  error?: boolean;
  /**
   * What this reply is, for front ends that say it in their own terms: "help" lists what can
   * be said, "welcome" greets someone new. `text` is the terminal's wording (typed words);
   * Discord and Telegram build theirs from the commands they register.
   */
  topic?: "help" | "welcome";
  /** Open this vote (see `Poll`). */
  poll?: Poll;
  /** End the platform poll shown by this message now, then report its counts (`Matinee.pollClosed`). */
  endPoll?: { messageRef: string };
  /**
   * The list these cards belong to: its "More picks" pages on that list only, and a front end
   * can show the list again from it (one message, paged in place). Replies of one list (its
   * bundles) share it.
   */
  listId?: string;
  /**
   * The language the text is in, when not English (core/i18n): a front end words its own
   * labels (help, buttons, notices) in it too.
   */
  lang?: string;
}

const POSTER_BASE = "https://image.tmdb.org/t/p/w342";

export function posterUrl(movie: Movie): string | undefined {
  return movie.posterPath ? `${POSTER_BASE}${movie.posterPath}` : undefined;
}

export function movieLinks(movie: Movie): Link[] {
  return [
    ...(movie.imdbId ? [{ label: "IMDb", url: `https://www.imdb.com/title/${movie.imdbId}/` }] : []),
    ...(movie.tmdbId !== undefined
      ? [{ label: "TMDB", url: `https://www.themoviedb.org/movie/${movie.tmdbId}` }]
      : []),
    { label: "MovieLens", url: `https://movielens.org/movies/${movie.movieId}` },
  ];
}

export function card(movie: Movie, score: number, reasons: string[]): Card {
  const poster = posterUrl(movie);
  return {
    movieId: movie.movieId,
    title: movie.title,
    year: movie.year,
    genres: movie.genres,
    reasons,
    score,
    ...(poster ? { posterUrl: poster } : {}),
    links: movieLinks(movie),
  };
}
