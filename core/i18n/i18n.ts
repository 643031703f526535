import { readdirSync, readFileSync } from "node:fs";
import { FluentBundle, FluentNumber, FluentResource, type FluentVariable } from "@fluent/bundle";
import { negotiateLanguages } from "@fluent/langneg";

/**
 * One message catalogue for every front end (Fluent, https://projectfluent.org): a `.ftl`
 * file per language beside this module, loaded and parsed once per process. A language is
 * its file's name (a BCP 47 code); adding one is adding its file.
 *
 * The catalogue is the module's own asset, read next to it, not a configured path: core
 * still reads no user file, no network and no setting.
 */
export type Language = string;

export const DEFAULT_LANGUAGE: Language = "en";

export type MessageArgs = Record<string, FluentVariable>;

/** Says messages in one language; the same object for every turn in that language. */
export interface Translator {
  readonly lang: Language;
  /** The message `id` with its variables; a message missing here is said in English (and reported). */
  t(id: string, args?: MessageArgs): string;
  has(id: string): boolean;
}

/** A message that could not be said as written: missing in a language, or a bad variable. */
export interface TranslationProblem {
  lang: Language;
  id: string;
  problem: string;
}

let report: (p: TranslationProblem) => void = () => {};

/** Where translation problems go (tests collect them; a running bot ignores them: the English is said). */
export function onTranslationProblem(handler: (p: TranslationProblem) => void): () => void {
  const previous = report;
  report = handler;
  return () => {
    report = previous;
  };
}

const LOCALES = new URL("./locales/", import.meta.url);

/** Each language's `.ftl` source, as read (the catalogue test reads ids and variables from it). */
export function catalogueSources(): ReadonlyMap<Language, string> {
  return sources;
}

function readSources(): Map<Language, string> {
  const found = new Map<Language, string>();
  for (const file of readdirSync(LOCALES).sort()) {
    if (!file.endsWith(".ftl")) continue;
    found.set(file.slice(0, -".ftl".length), readFileSync(new URL(file, LOCALES), "utf8"));
  }
  return found;
}

const sources = readSources();

function buildBundle(lang: Language, source: string): FluentBundle {
  // No Unicode isolation marks around variables: titles and names are shown as they are,
  // and chat platforms would show the marks as stray characters in code spans.
  const bundle = new FluentBundle(lang, { useIsolating: false });
  const errors = bundle.addResource(new FluentResource(source));
  if (errors.length > 0) throw new Error(`${lang}.ftl: ${errors.map((e) => e.message).join("; ")}`);
  return bundle;
}

const bundles = new Map<Language, FluentBundle>(
  [...sources].map(([lang, src]) => [lang, buildBundle(lang, src)]),
);

/** The languages Matinee speaks, English first, then by code. */
export const LANGUAGES: readonly Language[] = [
  DEFAULT_LANGUAGE,
  ...[...bundles.keys()].filter((l) => l !== DEFAULT_LANGUAGE),
];

/**
 * Numbers are shown as digits, as the code always wrote them ("1995", "1234"), and still pick
 * plural forms; a caller wanting "1,234" passes the formatted string.
 */
function plain(args: MessageArgs | undefined): MessageArgs | undefined {
  if (!args) return undefined;
  const out: MessageArgs = {};
  for (const [k, v] of Object.entries(args))
    out[k] = typeof v === "number" ? new FluentNumber(v, { useGrouping: false }) : v;
  return out;
}

function format(bundle: FluentBundle, lang: Language, id: string, args?: MessageArgs): string | undefined {
  const message = bundle.getMessage(id);
  if (!message?.value) return undefined;
  const errors: Error[] = [];
  const text = bundle.formatPattern(message.value, plain(args), errors);
  for (const e of errors) report({ lang, id, problem: e.message });
  return text;
}

function makeTranslator(lang: Language): Translator {
  const bundle = bundles.get(lang) ?? bundles.get(DEFAULT_LANGUAGE)!;
  const fallback = bundles.get(DEFAULT_LANGUAGE)!;
  return {
    lang,
    has: (id) => bundle.hasMessage(id),
    t(id, args) {
      const said = format(bundle, lang, id, args);
      if (said !== undefined) return said;
      report({ lang, id, problem: "missing" });
      return (lang !== DEFAULT_LANGUAGE ? format(fallback, DEFAULT_LANGUAGE, id, args) : undefined) ?? id;
    },
  };
}

const translators = new Map<Language, Translator>(LANGUAGES.map((l) => [l, makeTranslator(l)]));

// A plural form and a number said once now, at start-up: the first Intl.PluralRules and
// NumberFormat of a process load ICU's locale data (tens of ms), which must not fall in a turn.
for (const tr of translators.values()) tr.t("vote-open", { hours: 2, asker: "" });

/** The translator for a language Matinee speaks; English for anything else. */
export function translator(lang: Language | undefined = DEFAULT_LANGUAGE): Translator {
  return translators.get(lang) ?? translators.get(DEFAULT_LANGUAGE)!;
}

/**
 * The language Matinee speaks for a platform's locale ("ko", "ko-KR", "en-GB"), or undefined
 * when it speaks none close to it (Telegram's `language_code`, Discord's `interaction.locale`).
 */
export function matchLanguage(tag: string | undefined): Language | undefined {
  if (!tag) return undefined;
  const [best] = negotiateLanguages([tag], LANGUAGES, { strategy: "lookup", defaultLocale: "und" });
  return best && best !== "und" ? best : undefined;
}

/** A language Matinee speaks named in words: "ko", "korean", "한국어", "English". */
export function languageNamed(text: string): Language | undefined {
  const t = text.trim().toLowerCase();
  const byCode = LANGUAGES.find((l) => l.toLowerCase() === t);
  if (byCode) return byCode;
  for (const lang of LANGUAGES) {
    const own = translator(lang).t("language-name").toLowerCase();
    if (t === own || t.startsWith(own)) return lang;
  }
  return LANGUAGE_WORDS[t];
}

/** Names of the languages in other languages' words, as people type them. */
const LANGUAGE_WORDS: Record<string, Language> = {
  korean: "ko",
  한국말: "ko",
  한글: "ko",
  english: "en",
  영어: "en",
};

/** The message id of a MovieLens genre ("Sci-Fi" → "genre-sci-fi"). */
export function genreId(genre: string): string {
  if (genre === "(no genres listed)") return "genre-none";
  return `genre-${genre
    .toLowerCase()
    .replace(/[^a-z]+/g, "-")
    .replace(/^-|-$/g, "")}`;
}

/** A genre in the person's language, or as MovieLens has it when the catalogue lacks it. */
export function genreName(tr: Translator, genre: string): string {
  const id = genreId(genre);
  return tr.has(id) ? tr.t(id) : genre;
}

/** "Ann", "Ann and Bob", "Ann, Bob and Cat", in the language's way. */
export function listedIn(tr: Translator, names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return tr.t("list-and", { rest: names.slice(0, -1).join(tr.t("list-comma")), last: names.at(-1)! });
}
