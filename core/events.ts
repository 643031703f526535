import type { ImportFailure, ImportFormat } from "./import/history.ts";

export type { ImportFailure };

import type { Action } from "./reply/actions.ts";

/** Who is talking: one person on one platform. */
export interface Speaker {
  platform: string;
  userId: string;
  /** How to call them in a movie-night reply ("for Ann: …"); platforms pass their display name. */
  name?: string;
  /**
   * Where they said it: "discord:<channel id>", "telegram:<chat id>". A movie night uses a
   * member's films only where that member has opted in, and names only films they said
   * somewhere public; no place (the terminal) counts as private.
   */
  place?: { id: string; private: boolean };
  /**
   * The language the platform says this person uses (Telegram's `language_code`, Discord's
   * `interaction.locale`): a new person's default; their own choice (`/language`) wins.
   */
  locale?: string;
}

/** Free text, typed in a chat. */
export interface MessageEvent extends Speaker {
  text: string;
}

/** A button, slash command or reaction, already translated by the adapter. */
export interface ActionEvent extends Speaker {
  action: Action;
}

/**
 * A file sent to be imported (a Letterboxd or IMDb export). The adapter reads the bytes
 * (core reads no files and no network), or says why it could not.
 */
export interface ImportEvent extends Speaker {
  upload: {
    fileName: string;
    /** The layout the person named; detected from the file when absent. */
    format?: ImportFormat;
  } & ({ bytes: Uint8Array } | { failure: ImportFailure });
}

/** A message from a person, whatever the platform: the one input of `Matinee.handle`. */
export type ChatEvent = MessageEvent | ActionEvent | ImportEvent;

/** An adapter sent a card as its own platform message (so reactions on it can be understood). */
export interface SentCardEvent extends Speaker {
  /** Unique on the platform, e.g. "telegram:<chat id>:<message id>". */
  messageRef: string;
  movieId: number;
}

/** An adapter sent a vote (`Reply.poll`) as its own platform message. */
export interface SentPollEvent {
  platform: string;
  /** The place it was sent in, as `Speaker.place.id` names it ("terminal" for the terminal). */
  place: string;
  pollId: string;
  /** The message showing it, e.g. "discord:<channel id>:<message id>". */
  messageRef: string;
}

/**
 * A platform poll ended (its time ran out, or the bot ended it): the votes for each option,
 * in the order of `Poll.options`. Not a person's message: nobody's turn, no rate limit.
 */
export interface PollClosedEvent {
  platform: string;
  place: string;
  messageRef: string;
  counts: number[];
}

export function isAction(event: ChatEvent): event is ActionEvent {
  return "action" in event;
}

export function isImport(event: ChatEvent): event is ImportEvent {
  return "upload" in event;
}
