import type { Command } from "commander";
import { UserFacingError } from "../../core/errors.ts";
import { profileOf } from "../../core/profile/profile.ts";
import { suggest } from "../../core/suggest.ts";
import { evaluateRanking, ratedItems } from "../../models/evaluate/leave-last-out.ts";
import { leaveLastOut } from "../../models/evaluate/split.ts";
import { evaluateZeroShot, readZeroShotCases } from "../../models/evaluate/zero-shot.ts";
import { MODEL_KINDS, SERVING_MODELS } from "../../models/kinds.ts";
import type { Recommender } from "../../models/recommender.ts";
import { topK } from "../../models/top-k.ts";
import type { App } from "../app.ts";
import { type CommonOptions, findConversationsFile, printJson, setupApp, withData } from "./shared.ts";

interface EvalOptions extends CommonOptions {
  model?: string[];
  cases?: string;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
const rounded = (m: object): Record<string, number> =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v as number)]));

/** Leave-last-out test figures: each recipe trained on train + validation, scored on the last item. */
async function leaveLastOutReport(app: App, names: string[]) {
  const nItems = app.gold.movies.length;
  const split = leaveLastOut(app.gold.interactions);
  const candidates = ratedItems(app.gold.interactions, nItems);
  const models: Record<string, Record<string, number>> = {};
  for (const name of names) {
    const kind = MODEL_KINDS[name]!;
    const started = performance.now();
    const model = await kind.fit({ nItems, interactions: split.trainVal });
    const trainSeconds = (performance.now() - started) / 1000;
    const { users: _users, ...m } = evaluateRanking(model, split.trainVal, split.test, candidates);
    models[name] = { ...rounded(m), trainSeconds: round(trainSeconds) };
  }
  let users = 0;
  for (const t of split.test) if (t >= 0) users++;
  let items = 0;
  for (const c of candidates) items += c;
  return { users, items, models };
}

/** Ranks by one served model's scores alone, the liked films left out. */
function byModel(app: App, model: Recommender) {
  return (likeIds: readonly number[], k: number) => {
    const items = likeIds.map((id) => app.catalogue.indexOf(id)).filter((i): i is number => i !== undefined);
    const liked = new Set(items);
    return topK(model.score({ items }), k, (i) => !liked.has(i)).map((i) => app.catalogue.at(i).movieId);
  };
}

export function registerEval(program: Command): void {
  withData(program.command("eval"))
    .description("measure the models: leave-last-out on the dataset, and zero-shot chat recommendations")
    .option("--model <names...>", `models to evaluate (${Object.keys(MODEL_KINDS).join(", ")})`)
    .option("--cases <file>", "zero-shot cases (default: conversations/redial_dev_rec.jsonl beside the data)")
    .option("--json", "print one JSON document")
    .action(async (options: EvalOptions) => {
      const names = options.model ?? [...SERVING_MODELS];
      for (const n of names)
        if (!MODEL_KINDS[n])
          throw new UserFacingError(`Unknown model "${n}". Known: ${Object.keys(MODEL_KINDS).join(", ")}.`);
      const { app, config } = await setupApp(options, true);
      const report = await leaveLastOutReport(app, names);
      const casesFile = options.cases ?? findConversationsFile(config, "redial_dev_rec.jsonl");
      const zeroShot: Record<string, Record<string, number>> = {};
      if (casesFile) {
        const cases = await readZeroShotCases(casesFile);
        const served: Record<string, Recommender> = {
          popularity: app.models.popularity,
          "item-knn": app.models.ranker,
        };
        for (const name of names) {
          const model = served[name];
          if (model) zeroShot[name] = rounded(evaluateZeroShot(cases, byModel(app, model)));
        }
        // The chat path itself: same profile building, blending and filtering as a chat turn.
        zeroShot.blend = rounded(
          evaluateZeroShot(cases, (likeIds, k) => {
            return suggest(app.catalogue, app.models, profileOf(likeIds), { k }).map((c) => c.movieId);
          }),
        );
      } else {
        process.stderr.write("No zero-shot cases found (pass --cases FILE); zeroShot is left empty.\n");
      }
      const result = { protocol: "leave-last-out", dataset: app.gold.dataset, ...report, zeroShot };
      if (options.json) printJson(result);
      else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
}
