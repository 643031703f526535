import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { UserFacingError } from "../../core/errors.ts";
import { profileOf } from "../../core/profile/profile.ts";
import { suggest } from "../../core/suggest.ts";
import { userCount } from "../../data/gold.ts";
import { blendMembers } from "../../models/blend/blend.ts";
import { evaluateRanking, ratedItems } from "../../models/evaluate/leave-last-out.ts";
import { personaChatCases, personaPrecision, readPersonas } from "../../models/evaluate/personas.ts";
import { type EvalReport, HISTORY_BUCKETS, plotReport } from "../../models/evaluate/plot.ts";
import { leaveLastOut } from "../../models/evaluate/split.ts";
import { chatCasesOf, evaluateZeroShot, readZeroShotCases } from "../../models/evaluate/zero-shot.ts";
import { MODEL_KINDS } from "../../models/kinds.ts";
import type { ChatCase, Recommender, TrainingData } from "../../models/recommender.ts";
import { topK } from "../../models/top-k.ts";
import { type App, PERSONAS_FILE } from "../app.ts";
import { type NewcomerReport, newcomerReport } from "./eval-newcomer.ts";
import { chatOutOfFold } from "./eval-zero-shot.ts";
import {
  type CommonOptions,
  findConversationsFile,
  printJson,
  setupAppWithRatings,
  withData,
} from "./shared.ts";
import { blendSkipping } from "./train.ts";

interface EvalOptions extends CommonOptions {
  model?: string[];
  cases?: string;
  personas?: string;
  plot?: string;
  skip?: string[];
  folds: string;
  newcomer: boolean;
  outOfFold: boolean;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
const rounded = (m: object): Record<string, number> =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v as number)]));

/** Every model, the blend last: it reuses the others' test-setting fits as its members. */
function defaultModels(): string[] {
  const names = Object.keys(MODEL_KINDS).filter((n) => n !== "blend");
  return [...names, "blend"];
}

function note(line: string) {
  if (process.stderr.isTTY) process.stderr.write(`${line}\n`);
}

/**
 * Leave-last-out test figures: each recipe trained on train + validation (choosing its own
 * settings on the validation item), scored on the last item. Also HR@10 by history length.
 */
async function leaveLastOutReport(
  app: App,
  names: string[],
  chatCases: ChatCase[] | undefined,
  skip: readonly string[],
) {
  const nItems = app.gold.movies.length;
  const split = leaveLastOut(app.gold.interactions);
  const candidates = ratedItems(app.gold.interactions, nItems);
  const lengths = Array.from({ length: userCount(split.trainVal) }, (_, u) => {
    return split.trainVal.offsets[u + 1]! - split.trainVal.offsets[u]!;
  });
  const models: EvalReport["models"] = {};
  const byHistory: EvalReport["byHistory"] = {};
  const fitted = new Map<string, Recommender>();
  const seconds = new Map<string, number>();
  for (const name of names) {
    note(`Evaluating ${name}…`);
    const kind = MODEL_KINDS[name]!;
    const started = performance.now();
    const model = await kind.fit(
      {
        nItems,
        interactions: split.trainVal,
        movies: app.gold.movies,
        ...(chatCases ? { chatCases } : {}),
        fitted,
      },
      name === "blend" && skip.length > 0 ? blendSkipping(skip) : undefined,
    );
    let trainSeconds = (performance.now() - started) / 1000;
    // The blend took the members already fitted above: its time includes theirs.
    for (const member of blendMembers(model)?.keys() ?? []) trainSeconds += seconds.get(member) ?? 0;
    fitted.set(name, model);
    seconds.set(name, trainSeconds);
    const hits = HISTORY_BUCKETS.map(() => ({ hits: 0, users: 0 }));
    const { users: _users, ...m } = evaluateRanking(
      model,
      split.trainVal,
      split.test,
      candidates,
      (u, rank) => {
        const b = HISTORY_BUCKETS.findIndex((x) => lengths[u]! >= x.from && lengths[u]! < x.to);
        hits[b]!.users++;
        if (rank < 10) hits[b]!.hits++;
      },
    );
    models[name] = { ...rounded(m), trainSeconds: round(trainSeconds) } as EvalReport["models"][string];
    byHistory[name] = hits.map((h) => (h.users ? round(h.hits / h.users) : 0));
  }
  let users = 0;
  for (const t of split.test) if (t >= 0) users++;
  let items = 0;
  for (const c of candidates) items += c;
  const usersByHistory = HISTORY_BUCKETS.map((b) => lengths.filter((n) => n >= b.from && n < b.to).length);
  return { users, items, models, byHistory, usersByHistory };
}

/** Ranks by one model's scores alone, the liked films left out. */
function byModel(app: App, model: Recommender) {
  return (likeIds: readonly number[], k: number) => {
    const items = likeIds.map((id) => app.catalogue.indexOf(id)).filter((i): i is number => i !== undefined);
    const liked = new Set(items);
    return topK(model.score({ items }), k, (i) => !liked.has(i)).map((i) => app.catalogue.at(i).movieId);
  };
}

/** The chat path itself: the promoted blend with a chat turn's profile, filters and reranking. */
function chatPath(app: App) {
  return (likeIds: readonly number[], k: number) =>
    suggest(app.catalogue, app.models, profileOf(likeIds), { k }).map((c) => c.movieId);
}

/** The simple rankers the persona report fits on all the data, beside the served blend's members. */
const PERSONA_BASELINES = ["genre-pop", "item-knn"];

function fullData(app: App): TrainingData {
  return { nItems: app.gold.movies.length, interactions: app.gold.interactions, movies: app.gold.movies };
}

function roundedNewcomer(r: NewcomerReport) {
  const n = (scores: NewcomerReport["n1"]) =>
    Object.fromEntries(
      Object.entries(scores).map(([name, s]) => [
        name,
        { "recall@10": round(s["recall@10"]), "ndcg@10": round(s["ndcg@10"]), se: round(s.se) },
      ]),
    );
  return { users: r.users, folds: r.folds, n1: n(r.n1), n3: n(r.n3), n5: n(r.n5) };
}

export function registerEval(program: Command): void {
  withData(program.command("eval"))
    .description("measure the models: leave-last-out on the dataset, and zero-shot chat recommendations")
    .option("--model <names...>", `models to evaluate (default: all: ${defaultModels().join(", ")})`)
    .option("--cases <file>", "zero-shot cases (default: conversations/redial_dev_rec.jsonl beside the data)")
    .option("--plot <file.svg>", "also draw the models side by side and HR@10 by history length (SVG)")
    .option("--personas <file>", "taste personas (default: conversations/personas_dev.jsonl beside the data)")
    .option("--skip <names...>", "leave these models out, also as blend members (e.g. --skip sasrec)")
    .option("--folds <n>", "newcomer protocol: user folds (1 for a quick run: the first fifth of users)", "5")
    .option("--no-newcomer", "leave out the newcomer protocol (it fits the blend once per fold)")
    .option(
      "--no-out-of-fold",
      "score the served blend on the zero-shot cases it learned from, instead of refitting it per fold",
    )
    .option("--json", "print one JSON document")
    .action(async (options: EvalOptions) => {
      const skip = options.skip ?? [];
      for (const n of [...(options.model ?? []), ...skip])
        if (!MODEL_KINDS[n])
          throw new UserFacingError(`Unknown model "${n}". Known: ${Object.keys(MODEL_KINDS).join(", ")}.`);
      const names = (options.model ?? defaultModels()).filter((n) => !skip.includes(n));
      const { app, config } = await setupAppWithRatings(options, true);
      const casesFile = options.cases ?? findConversationsFile(config, "redial_dev_rec.jsonl");
      const cases = casesFile ? await readZeroShotCases(casesFile) : undefined;
      const indexOf = (id: number) => app.catalogue.indexOf(id);
      const dialogueCases = cases ? chatCasesOf(cases, indexOf) : [];
      const personasFile = options.personas ?? findConversationsFile(config, PERSONAS_FILE);
      const personaList = personasFile ? await readPersonas(personasFile) : undefined;
      const personaCases = personaList ? personaChatCases(personaList, indexOf) : [];
      // Every blend fitted here learns from the same sources as the served one (train, first start).
      const learnFrom = [...dialogueCases, ...personaCases];
      const chatCases = learnFrom.length > 0 ? learnFrom : undefined;
      const folds = Number(options.folds);
      if (!Number.isInteger(folds) || folds < 1 || folds > 10)
        throw new UserFacingError(`--folds must be a whole number from 1 to 10 (got "${options.folds}").`);
      const report = await leaveLastOutReport(app, names, chatCases, skip);
      // The served blend learned its chat weights on the dialogues and the personas: the
      // headline figures refit it per fold of both, that fold left out (in-sample beside them).
      const outOfFold =
        options.outOfFold && (cases || personaList)
          ? await chatOutOfFold(
              app,
              { ...(cases ? { cases } : {}), ...(personaList ? { personas: personaList } : {}) },
              { folds, seed: 1, skip: ["sasrec", ...skip], note },
            )
          : undefined;
      const zeroShot: Record<string, Record<string, number | boolean>> = {};
      if (cases) {
        note("Zero-shot chat cases…");
        // Each model as the served blend holds it (trained on all the data), ranking alone.
        const served = blendMembers(app.models.ranker) ?? new Map<string, Recommender>();
        served.set("popularity", app.models.popularity);
        for (const name of names) {
          const model = served.get(name);
          if (model) zeroShot[name] = rounded(evaluateZeroShot(cases, byModel(app, model)));
        }
        // The chat path itself: the promoted blend with the same profile building, filtering
        // and reranking as a chat turn.
        // The served blend learned its chat weights on these very cases: in-sample, never the
        // headline. The headline refits the blend per fold of cases (grouped by like-set).
        const inSample = { ...rounded(evaluateZeroShot(cases, chatPath(app))), outOfFold: false };
        if (outOfFold?.zeroShot) {
          zeroShot.blend = { ...rounded(outOfFold.zeroShot), outOfFold: true };
          zeroShot["blend-in-sample"] = inSample;
        } else {
          zeroShot.blend = inSample;
        }
      } else {
        process.stderr.write("No zero-shot cases found (pass --cases FILE); zeroShot is left empty.\n");
      }
      const personas: Record<string, number | boolean> = {};
      if (personaList) {
        note("Personas…");
        const served = blendMembers(app.models.ranker) ?? new Map<string, Recommender>();
        served.set("popularity", app.models.popularity);
        for (const name of [...PERSONA_BASELINES, ...served.keys()]) {
          const model = served.get(name) ?? ((await MODEL_KINDS[name]!.fit(fullData(app))) as Recommender);
          personas[name] = round(personaPrecision(personaList, byModel(app, model)));
        }
        // The served blend learned its chat weights on these personas too: in-sample. The
        // headline refits it per fold of personas, the fold left out.
        const inSample = round(personaPrecision(personaList, chatPath(app)));
        if (outOfFold?.personas !== undefined) {
          personas.blend = round(outOfFold.personas);
          personas.outOfFold = true;
          personas["blend-in-sample"] = inSample;
        } else {
          personas.blend = inSample;
          personas.outOfFold = false;
        }
      }
      const newcomer = options.newcomer
        ? roundedNewcomer(
            await newcomerReport(app, {
              folds,
              seed: 1,
              skip: ["sasrec", ...skip],
              ...(chatCases ? { chatCases } : {}),
              note,
            }),
          )
        : undefined;
      const result = {
        protocol: "leave-last-out",
        dataset: app.gold.dataset,
        ...report,
        // HR@10 per group of users by how many films they had rated (the plot's second panel).
        historyBuckets: HISTORY_BUCKETS.map((b) => b.label),
        zeroShot,
        personas,
        ...(newcomer ? { newcomer } : {}),
      };
      if (options.plot) {
        await writeFile(options.plot, plotReport(result));
        note(`Chart written to ${options.plot}`);
      }
      if (options.json) printJson(result);
      else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
}
