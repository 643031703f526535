/**
 * What Discord refuses in a message, an interaction response and a command registration, and
 * the error it answers with. Limits are Discord's documented ones:
 * - messages: https://discord.com/developers/docs/resources/message#create-message (content
 *   ≤ 2,000, ≤ 10 embeds, one of content / embeds / components / attachments / sticker / poll)
 * - embeds: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * - components: https://discord.com/developers/docs/components/reference (≤ 5 action rows of
 *   ≤ 5 buttons or one select menu; custom_id 1–100, unique in the message; label ≤ 80)
 * - autocomplete: https://discord.com/developers/docs/interactions/receiving-and-responding
 *   (≤ 25 choices) and application-commands#application-command-object-application-command-option-choice-structure
 * - commands: https://discord.com/developers/docs/interactions/application-commands
 *   (localized names and descriptions: application-commands#localization, the same limits
 *   per locale, keys among reference#locales, the 4,000 counted in every locale)
 * A form error is HTTP 400 `{code: 50035, message: "Invalid Form Body", errors}`, `errors`
 * nested along the path of the bad field down to `_errors: [{code, message}]`
 * (https://discord.com/developers/docs/reference#error-messages).
 */

type Path = (string | number)[];

export interface FormProblem {
  path: Path;
  code: string;
  message: string;
}

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowButtons: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  optionChoices: 25,
  globalChatInputCommands: 100,
  /** Name, description and value of a command, its options and choices together. */
  commandCombined: 4000,
} as const;

const BUTTON = 2;
const LINK_STYLE = 5;
const PREMIUM_STYLE = 6;
/** String, user, role, mentionable and channel selects: each fills its action row. */
const SELECTS = new Set([3, 5, 6, 7, 8]);

const tooLong = (path: Path, max: number): FormProblem => ({
  path,
  code: "BASE_TYPE_MAX_LENGTH",
  message: `Must be ${max} or fewer in length.`,
});
const badLength = (path: Path, min: number, max: number): FormProblem => ({
  path,
  code: "BASE_TYPE_BAD_LENGTH",
  message: `Must be between ${min} and ${max} in length.`,
});
const required = (path: Path): FormProblem => ({
  path,
  code: "BASE_TYPE_REQUIRED",
  message: "This field is required",
});

/** Discord's 50035 body for these problems (assumed non-empty). */
export function invalidFormBody(problems: FormProblem[]): { code: number; message: string; errors: object } {
  const errors: Record<string, unknown> = {};
  for (const problem of problems) {
    let node = errors;
    for (const key of problem.path) {
      node[String(key)] ??= {};
      node = node[String(key)] as Record<string, unknown>;
    }
    node._errors ??= [];
    (node._errors as { code: string; message: string }[]).push({
      code: problem.code,
      message: problem.message,
    });
  }
  return { code: 50035, message: "Invalid Form Body", errors };
}

export const EMPTY_MESSAGE = { code: 50006, message: "Cannot send an empty message" } as const;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
// biome-ignore lint/suspicious/noExplicitAny: payloads are arbitrary JSON, read field by field
type Json = any;

/** Whether a message (as created, or as an edit leaves it) has nothing to show. */
export function isEmptyMessage(m: Json): boolean {
  const content = str(m?.content)?.trim() ?? "";
  const has = (key: string) => (list(m?.[key])?.length ?? 0) > 0;
  return (
    content === "" &&
    !has("embeds") &&
    !has("components") &&
    !has("attachments") &&
    !has("sticker_ids") &&
    m?.poll === undefined
  );
}

function embedText(e: Json): number {
  const len = (v: unknown) => str(v)?.length ?? 0;
  const fields = list(e?.fields) ?? [];
  return (
    len(e?.title) +
    len(e?.description) +
    len(e?.footer?.text) +
    len(e?.author?.name) +
    fields.reduce((n: number, f: Json) => n + len(f?.name) + len(f?.value), 0)
  );
}

function checkEmbed(e: Json, path: Path): FormProblem[] {
  const out: FormProblem[] = [];
  const max = (value: unknown, limit: number, at: Path) => {
    if ((str(value)?.length ?? 0) > limit) out.push(tooLong(at, limit));
  };
  max(e?.title, LIMITS.embedTitle, [...path, "title"]);
  max(e?.description, LIMITS.embedDescription, [...path, "description"]);
  max(e?.footer?.text, LIMITS.footerText, [...path, "footer", "text"]);
  max(e?.author?.name, LIMITS.authorName, [...path, "author", "name"]);
  const fields = list(e?.fields) ?? [];
  if (fields.length > LIMITS.embedFields) out.push(tooLong([...path, "fields"], LIMITS.embedFields));
  fields.forEach((f: Json, i) => {
    const at = [...path, "fields", i];
    for (const [key, limit] of [
      ["name", LIMITS.fieldName],
      ["value", LIMITS.fieldValue],
    ] as const) {
      const value = str(f?.[key]);
      if (value === undefined || value === "") out.push(required([...at, key]));
      else max(value, limit, [...at, key]);
    }
  });
  return out;
}

function checkComponent(c: Json, path: Path, ids: Map<string, Path>): FormProblem[] {
  const out: FormProblem[] = [];
  const customId = str(c?.custom_id);
  const isLink = c?.type === BUTTON && c?.style === LINK_STYLE;
  const isPremium = c?.type === BUTTON && c?.style === PREMIUM_STYLE;
  if (isLink || isPremium) {
    if (customId !== undefined)
      out.push({
        path: [...path, "custom_id"],
        code: "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED",
        message: "A custom id cannot be set on this button style",
      });
    if (isLink && !str(c?.url)) out.push(required([...path, "url"]));
  } else {
    if (customId === undefined) out.push(required([...path, "custom_id"]));
    else if (customId.length < 1 || customId.length > LIMITS.customId)
      out.push(badLength([...path, "custom_id"], 1, LIMITS.customId));
    else if (ids.has(customId))
      out.push({
        path: [...path, "custom_id"],
        code: "COMPONENT_CUSTOM_ID_DUPLICATED",
        message: "Component custom id cannot be duplicated",
      });
    else ids.set(customId, path);
    if (c?.type === BUTTON && c?.url !== undefined)
      out.push({
        path: [...path, "url"],
        code: "BUTTON_COMPONENT_URL_NOT_ALLOWED",
        message: "A url can only be set on a link button",
      });
  }
  if (c?.type === BUTTON) {
    const label = str(c?.label);
    if ((label === undefined || label === "") && c?.emoji === undefined && !isPremium)
      out.push({
        path: [...path, "label"],
        code: "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED",
        message: "A button needs a label or an emoji",
      });
    if ((label?.length ?? 0) > LIMITS.buttonLabel) out.push(tooLong([...path, "label"], LIMITS.buttonLabel));
  }
  if (c?.type === 3 && (list(c?.options)?.length ?? 0) > LIMITS.selectOptions)
    out.push(tooLong([...path, "options"], LIMITS.selectOptions));
  return out;
}

/** Everything wrong with a message body (create, edit, interaction response data, follow-up). */
export function checkMessageBody(body: Json, path: Path = []): FormProblem[] {
  const out: FormProblem[] = [];
  const content = str(body?.content);
  if (content !== undefined && content.length > LIMITS.content)
    out.push(tooLong([...path, "content"], LIMITS.content));
  const embeds = list(body?.embeds) ?? [];
  if (embeds.length > LIMITS.embeds) out.push(tooLong([...path, "embeds"], LIMITS.embeds));
  embeds.forEach((e, i) => {
    out.push(...checkEmbed(e, [...path, "embeds", i]));
  });
  if (embeds.reduce((n: number, e) => n + embedText(e), 0) > LIMITS.embedTotal)
    out.push({
      path: [...path, "embeds"],
      code: "MAX_EMBED_SIZE_EXCEEDED",
      message: `Embed size exceeds maximum size of ${LIMITS.embedTotal}`,
    });
  const rows = list(body?.components) ?? [];
  if (rows.length > LIMITS.actionRows) out.push(tooLong([...path, "components"], LIMITS.actionRows));
  const ids = new Map<string, Path>();
  rows.forEach((row: Json, r) => {
    const at = [...path, "components", r];
    const children = list(row?.components) ?? [];
    if (row?.type !== 1) {
      out.push({ path: [...at, "type"], code: "UNION_TYPE_CHOICES", message: "Value must be one of {1}." });
      return;
    }
    if (children.length < 1 || children.length > LIMITS.rowButtons)
      out.push(badLength([...at, "components"], 1, LIMITS.rowButtons));
    if (children.length > 1 && children.some((c: Json) => SELECTS.has(c?.type)))
      out.push({
        path: [...at, "components"],
        code: "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
        message: "The specified component exceeds the maximum width",
      });
    children.forEach((c, i) => {
      out.push(...checkComponent(c, [...at, "components", i], ids));
    });
  });
  return out;
}

/** An autocomplete callback's choices (type 8): ≤ 25, each name 1–100, a string value ≤ 100. */
export function checkAutocomplete(data: Json): FormProblem[] {
  const out: FormProblem[] = [];
  const choices = list(data?.choices);
  if (!choices) return [required(["data", "choices"])];
  if (choices.length > LIMITS.autocompleteChoices)
    out.push(tooLong(["data", "choices"], LIMITS.autocompleteChoices));
  choices.forEach((c: Json, i) => {
    out.push(...checkChoice(c, ["data", "choices", i]));
  });
  return out;
}

/** Discord's locales (https://discord.com/developers/docs/reference#locales): the only keys a localization map takes. */
export const DISCORD_LOCALES = new Set([
  "id",
  "da",
  "de",
  "en-GB",
  "en-US",
  "es-ES",
  "es-419",
  "fr",
  "hr",
  "it",
  "lt",
  "hu",
  "nl",
  "no",
  "pl",
  "pt-BR",
  "ro",
  "fi",
  "sv-SE",
  "vi",
  "tr",
  "cs",
  "el",
  "bg",
  "ru",
  "uk",
  "hi",
  "th",
  "zh-CN",
  "ja",
  "zh-TW",
  "ko",
]);

/** A `*_localizations` map: known locales only, each value checked as the field itself is. */
function checkLocalizations(
  map: unknown,
  path: Path,
  check: (value: unknown, path: Path) => FormProblem[],
): FormProblem[] {
  if (map === undefined || map === null) return [];
  if (typeof map !== "object" || Array.isArray(map))
    return [{ path, code: "DICT_TYPE_CONVERT", message: "Only dictionaries may be used in a DictType" }];
  const out: FormProblem[] = [];
  for (const [locale, value] of Object.entries(map as Record<string, unknown>)) {
    if (!DISCORD_LOCALES.has(locale))
      out.push({
        path: [...path, locale],
        code: "INVALID_LOCALE",
        message: `"${locale}" is not a valid locale.`,
      });
    else if (value !== null) out.push(...check(value, [...path, locale]));
  }
  return out;
}

/** A name and description with their localizations, checked alike. */
function checkNamed(node: Json, path: Path, name: typeof checkName, description: typeof checkDescription) {
  return [
    ...name(node?.name, [...path, "name"]),
    ...checkLocalizations(node?.name_localizations, [...path, "name_localizations"], name),
    ...description(node?.description, [...path, "description"]),
    ...checkLocalizations(
      node?.description_localizations,
      [...path, "description_localizations"],
      description,
    ),
  ];
}

function checkChoiceName(value: unknown, path: Path): FormProblem[] {
  const name = str(value) ?? "";
  return name.length < 1 || name.length > LIMITS.choiceName ? [badLength(path, 1, LIMITS.choiceName)] : [];
}

function checkChoice(c: Json, path: Path): FormProblem[] {
  const out: FormProblem[] = [];
  out.push(
    ...checkChoiceName(c?.name, [...path, "name"]),
    ...checkLocalizations(c?.name_localizations, [...path, "name_localizations"], checkChoiceName),
  );
  if (c?.value === undefined) out.push(required([...path, "value"]));
  else if (typeof c.value === "string" && c.value.length > LIMITS.choiceValue)
    out.push(tooLong([...path, "value"], LIMITS.choiceValue));
  return out;
}

/**
 * Chat-input command and option names: the documented pattern with the unicode flag, and
 * lower case where a letter has a lower-case form.
 */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const CHAT_INPUT = 1;
const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;

function checkName(name: unknown, path: Path): FormProblem[] {
  const value = str(name) ?? "";
  if (!NAME.test(value) || value !== value.toLowerCase())
    return [
      {
        path,
        code: "APPLICATION_COMMAND_INVALID_NAME",
        message: "Command name is invalid",
      },
    ];
  return [];
}

function checkDescription(description: unknown, path: Path): FormProblem[] {
  const value = str(description) ?? "";
  return value.length < 1 || value.length > LIMITS.commandDescription
    ? [badLength(path, 1, LIMITS.commandDescription)]
    : [];
}

function checkOptions(options: unknown, path: Path): FormProblem[] {
  const out: FormProblem[] = [];
  const all = list(options) ?? [];
  if (all.length > LIMITS.commandOptions) out.push(tooLong(path, LIMITS.commandOptions));
  const names = new Set<string>();
  let optionalSeen = false;
  all.forEach((o: Json, i) => {
    const at = [...path, i];
    out.push(...checkNamed(o, at, checkName, checkDescription));
    if (names.has(o?.name))
      out.push({
        path: [...at, "name"],
        code: "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
        message: "Command option names must be unique",
      });
    names.add(o?.name);
    const nested = o?.type === SUB_COMMAND || o?.type === SUB_COMMAND_GROUP;
    if (nested) out.push(...checkOptions(o?.options, [...at, "options"]));
    else if (o?.required === true && optionalSeen)
      out.push({
        path: [...at, "required"],
        code: "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
        message: "Required options must be placed before non-required options",
      });
    else if (o?.required !== true) optionalSeen = true;
    const choices = list(o?.choices);
    if (choices) {
      if (choices.length > LIMITS.optionChoices) out.push(tooLong([...at, "choices"], LIMITS.optionChoices));
      choices.forEach((c: Json, k) => {
        out.push(...checkChoice(c, [...at, "choices", k]));
      });
      if (o?.autocomplete === true)
        out.push({
          path: [...at, "autocomplete"],
          code: "APPLICATION_COMMAND_OPTION_CHOICES_AND_AUTOCOMPLETE",
          message: "Autocomplete cannot be set on an option with choices",
        });
    }
  });
  return out;
}

/**
 * The characters counted against the 4,000 of one command in one locale (undefined: the
 * default): every name, description and value, localized where the command says so.
 */
function combinedLength(node: Json, locale?: string): number {
  const field = (k: string) =>
    (locale !== undefined ? str(node?.[`${k}_localizations`]?.[locale]) : undefined) ?? str(node?.[k]);
  const own = ["name", "description"].reduce((n, k) => n + (field(k)?.length ?? 0), 0);
  const value = typeof node?.value === "string" ? node.value.length : 0;
  const below = [...(list(node?.options) ?? []), ...(list(node?.choices) ?? [])];
  return own + value + below.reduce((n: number, child) => n + combinedLength(child, locale), 0);
}

/** Every locale a command or anything under it is localized in. */
function localesOf(node: Json, into = new Set<string>()): Set<string> {
  for (const k of ["name_localizations", "description_localizations"]) {
    const map = node?.[k];
    if (map && typeof map === "object") for (const l of Object.keys(map)) into.add(l);
  }
  for (const child of [...(list(node?.options) ?? []), ...(list(node?.choices) ?? [])])
    localesOf(child, into);
  return into;
}

/** What Discord refuses in a bulk overwrite (PUT …/commands), global or for one server. */
export function checkCommands(body: unknown): FormProblem[] {
  const commands = list(body);
  if (!commands) return [{ path: [], code: "BASE_TYPE_ARRAY", message: "Must be an array." }];
  const out: FormProblem[] = [];
  const seen = new Set<string>();
  let chatInput = 0;
  commands.forEach((c: Json, i) => {
    const type = c?.type ?? CHAT_INPUT;
    if (type === CHAT_INPUT) {
      chatInput++;
      out.push(...checkNamed(c, [i], checkName, checkDescription));
      out.push(...checkOptions(c?.options, [i, "options"]));
    } else if ((str(c?.name)?.length ?? 0) < 1 || (str(c?.name)?.length ?? 0) > LIMITS.commandName) {
      out.push(badLength([i, "name"], 1, LIMITS.commandName));
    }
    const key = `${type}:${c?.name}`;
    if (seen.has(key))
      out.push({
        path: [i, "name"],
        code: "APPLICATION_COMMANDS_DUPLICATE_NAME",
        message: `Application command names must be unique`,
      });
    seen.add(key);
    if ([undefined, ...localesOf(c)].some((l) => combinedLength(c, l) > LIMITS.commandCombined))
      out.push({
        path: [i],
        code: "APPLICATION_COMMAND_TOO_LARGE",
        message: `Command exceeds maximum size (${LIMITS.commandCombined})`,
      });
  });
  // 100 chat-input commands globally, and as many again per server for guild commands.
  if (chatInput > LIMITS.globalChatInputCommands) out.push(tooLong([], LIMITS.globalChatInputCommands));
  return out;
}
