import { UserFacingError } from "../errors.ts";

/**
 * The store file's schema, one number for the whole document. Bump it with every change
 * of shape or meaning, and add the migration from the previous version below.
 */
export const STORE_SCHEMA_VERSION = 2;

type Json = Record<string, unknown>;

/** Takes a document of version `from` to `from + 1`; pure, so a failed start changes nothing. */
interface Migration {
  from: number;
  describe: string;
  up(data: Json): Json;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    describe: "sent-card map for reactions; taste preferences (genres, decades, people) in every profile",
    up(data) {
      const users: Json = {};
      for (const [key, state] of Object.entries(isObject(data.users) ? data.users : {})) {
        if (!isObject(state)) continue;
        const profile = isObject(state.profile) ? state.profile : {};
        users[key] = {
          ...state,
          profile: {
            liked: [],
            disliked: [],
            seen: [],
            watchlist: [],
            ...profile,
            prefs: Array.isArray(profile.prefs) ? profile.prefs : [],
          },
        };
      }
      return { ...data, users, cards: isObject(data.cards) ? data.cards : {} };
    },
  },
];

export interface Migrated {
  data: Json;
  /** Versions walked through, e.g. [1, 2]; empty when the document was already current. */
  steps: number[];
}

/**
 * Brings a store document up to `STORE_SCHEMA_VERSION`. A document from a newer Matinee is
 * refused (its fields may mean things this version cannot know), never rewritten.
 * A document without a version is the first format, from before versions were written.
 */
export function migrate(raw: unknown, where: string, target = STORE_SCHEMA_VERSION): Migrated {
  if (!isObject(raw))
    throw new UserFacingError(`Cannot use ${where}: it is not a Matinee store (expected a JSON object).`);
  const version = raw.schemaVersion ?? 1;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new UserFacingError(
      `Cannot use ${where}: its schemaVersion ${JSON.stringify(version)} is not a version number.`,
    );
  }
  if (version > target) {
    throw new UserFacingError(
      `Cannot use ${where}: it was written by a newer Matinee (store schema ${version}; this version reads up to ${target}). ` +
        "Upgrade Matinee, or restore a backup made by this version; the file was left untouched.",
    );
  }
  let data: Json = raw;
  const steps: number[] = [];
  for (let v = version; v < target; v++) {
    const step = MIGRATIONS.find((m) => m.from === v);
    if (!step) throw new Error(`no store migration from schema ${v}`);
    data = step.up(data);
    steps.push(v);
  }
  if (!isObject(data.users)) {
    throw new UserFacingError(`Cannot use ${where}: it is not a Matinee store (no "users" object).`);
  }
  return { data: { ...data, schemaVersion: target }, steps: steps.length ? [...steps, target] : [] };
}
