import { LANGUAGES, languageNamed, matchLanguage, translator } from "../i18n/i18n.ts";
import type { Reply } from "../reply/reply.ts";
import type { TurnContext } from "./context.ts";
import { withName } from "./helpers.ts";

/**
 * `/language ko`, "speak korean", "한국어로": the language Matinee speaks to this person from
 * now on, said back in that language. Without a language, the question with a button each.
 * The choice is the person's own and wins over the platform's locale from then on.
 */
export async function setLanguage(ctx: TurnContext, asked?: string): Promise<Reply[]> {
  const { tr } = ctx;
  if (asked === undefined || asked.trim() === "") {
    return [
      {
        text: tr.t("language-choose"),
        choices: LANGUAGES.map((lang) => ({
          label: translator(lang).t("language-name"),
          action: { type: "language", code: lang },
        })),
      },
    ];
  }
  const lang = languageNamed(asked) ?? matchLanguage(asked.trim());
  if (!lang) {
    const spoken = LANGUAGES.map((l) => `${translator(l).t("language-name")} (${l})`).join(", ");
    return [{ text: tr.t("language-unknown", { code: asked.trim(), languages: spoken }), error: true }];
  }
  await ctx.store.update(ctx.key, (s) => ({ ...withName(s, ctx.speaker), language: lang }));
  return [{ text: translator(lang).t("language-set"), lang }];
}
