import { spawn } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { cardJson } from "../../bot/commands/card-json.ts";
import { profileOf } from "../../core/profile/profile.ts";
import { suggest } from "../../core/suggest.ts";
import { type CliResult, cliEnv, memoryMatinee, runCli, sharedApp, tempDir } from "../helpers/app.ts";
import { REPO_ROOT } from "../helpers/paths.ts";

interface RecJson {
  movieId: number;
  title: string;
  year: number | null;
  score: number;
  reasons: string[];
  poster: string | null;
}
interface BatchLine {
  id: unknown;
  error?: string;
  recommendations?: RecJson[];
  understood?: { movieId: number; sentiment: string }[];
  unknownIds?: number[];
  movie?: { movieId: number; title: string; year: number | null };
}

const jsonLines = (r: CliResult) =>
  r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as BatchLine);
const single = (r: CliResult) => JSON.parse(r.stdout) as { recommendations: RecJson[] };
const ids = (recs: RecJson[] | undefined) => (recs ?? []).map((r) => r.movieId);

/** The same tastes as chat messages, as MovieLens ids (checked against the chat's own reading below). */
const TASTES = [
  { text: "I loved The Godfather and Heat", likeIds: [858, 6], dislikeIds: [] },
  { text: "I loved Toy Story and Finding Nemo", likeIds: [1, 6377], dislikeIds: [] },
  { text: "Pulp Fiction, Fargo and Amelie were great", likeIds: [296, 608, 4973], dislikeIds: [] },
  { text: "I loved Pulp Fiction and Fargo but hated Titanic", likeIds: [296, 608], dislikeIds: [1721] },
];
/** Free text with a stated dislike of a genre, which the chat honours: batch and single must too. */
const WITH_PREFERENCE = "I loved The Godfather and Heat, not a fan of dramas";

// 30 id profiles, in an order unrelated to their content, to check the output keeps input order.
const ORDERED = Array.from({ length: 30 }, (_, i) => ({
  id: `p${(i * 7) % 30}`,
  likeIds: [[1, 260, 296, 318, 356, 480, 589, 858, 1196, 2571][i % 10]!, [6, 50, 110, 527][i % 4]!],
}));

const BAD_LINES: [string, { id: unknown; error: RegExp }][] = [
  ["this is not json", { id: null, error: /^not JSON/ }],
  ["[858, 6]", { id: null, error: /JSON object/ }],
  [JSON.stringify({ likeIds: [858] }), { id: null, error: /missing id/ }],
  [JSON.stringify({ id: "", likeIds: [858] }), { id: null, error: /id must be/ }],
  [JSON.stringify({ id: "no-taste" }), { id: "no-taste", error: /needs "likeIds".*or "likes"/ }],
  [
    JSON.stringify({ id: "both", likes: "Heat", likeIds: [6] }),
    { id: "both", error: /either likeIds or likes/ },
  ],
  [JSON.stringify({ id: "empty-ids", likeIds: [] }), { id: "empty-ids", error: /likeIds is empty/ }],
  [JSON.stringify({ id: "empty-text", likes: "   " }), { id: "empty-text", error: /likes is empty/ }],
  [
    JSON.stringify({ id: 42, likeIds: "858,6" }),
    { id: 42, error: /likeIds must be a list of MovieLens ids/ },
  ],
  [
    JSON.stringify({ id: "bad-id", likeIds: [858, "x"] }),
    { id: "bad-id", error: /likeIds\[1\]: must be a whole number/ },
  ],
  [
    JSON.stringify({ id: "all-unknown", likeIds: [999999999] }),
    { id: "all-unknown", error: /none of likeIds.*999999999/ },
  ],
  [
    JSON.stringify({ id: "no-titles", likes: "zzqx blorp" }),
    { id: "no-titles", error: /No film titles found/ },
  ],
  [JSON.stringify({ id: "too-long", likes: "Heat ".repeat(2000) }), { id: "too-long", error: /longer than/ }],
];

let batch: CliResult;
let batchLines: BatchLine[];
let similarBatch: CliResult;
let emptyInput: CliResult;
let singles: { ids: CliResult[]; text: CliResult[]; preference: CliResult; similar: CliResult[] };

beforeAll(async () => {
  const input = [
    ...ORDERED.map((p) => JSON.stringify(p)),
    "",
    ...TASTES.map((t, i) => JSON.stringify({ id: `ids-${i}`, likeIds: t.likeIds, dislikeIds: t.dislikeIds })),
    ...TASTES.map((t, i) => JSON.stringify({ id: `text-${i}`, likes: t.text })),
    "   ",
    JSON.stringify({ id: "preference", likes: WITH_PREFERENCE }),
    JSON.stringify({ id: "partly-unknown", likeIds: [858, 999999999, 6], dislikeIds: [888888888] }),
    ...BAD_LINES.map(([line]) => line),
    // A last line with CRLF before it and no newline after it.
  ].join("\n");
  const lastLine = `\r\n${JSON.stringify({ id: "last", likeIds: [858, 6] })}`;
  const k = ["-k", "10"];
  const [b, s, e, ...rest] = await Promise.all([
    runCli(["recommend", "--batch", ...k], { input: input + lastLine }),
    runCli(["similar", "--batch", "-k", "5"], {
      input: [
        JSON.stringify({ id: "heat", movieId: 6 }),
        JSON.stringify({ id: "it", title: "It (2017)" }),
        JSON.stringify({ id: "nope", movieId: 424242424 }),
        JSON.stringify({ id: "nothing", title: "Zzqx Blorp Returns" }),
        JSON.stringify({ id: "both", movieId: 6, title: "Heat" }),
        JSON.stringify({ id: "neither" }),
        "{broken",
      ].join("\r\n"),
    }),
    runCli(["recommend", "--batch"], { input: "" }),
    ...TASTES.map((t) =>
      runCli([
        "recommend",
        "--like-ids",
        t.likeIds.join(","),
        ...(t.dislikeIds.length ? ["--dislike-ids", t.dislikeIds.join(",")] : []),
        ...k,
        "--json",
      ]),
    ),
    ...TASTES.slice(0, 2).map((t) => runCli(["recommend", "--likes", t.text, ...k, "--json"])),
    runCli(["recommend", "--likes", WITH_PREFERENCE, ...k, "--json"]),
    runCli(["similar", "6", "-k", "5", "--json"]),
    runCli(["similar", "It (2017)", "-k", "5", "--json"]),
  ]);
  batch = b!;
  batchLines = jsonLines(batch);
  similarBatch = s!;
  emptyInput = e!;
  singles = {
    ids: rest.slice(0, TASTES.length),
    text: rest.slice(TASTES.length, TASTES.length + 2),
    preference: rest[TASTES.length + 2]!,
    similar: rest.slice(TASTES.length + 3),
  };
}, 300_000);

const line = (id: string) => {
  const found = batchLines.find((l) => l.id === id);
  if (!found) throw new Error(`no output line with id ${id}`);
  return found;
};

describe("matinee recommend --batch", () => {
  test("answers every non-blank line once, in input order, and exits 0 despite bad lines", () => {
    expect(batch.code).toBe(0);
    expect(batch.stderr).toBe("");
    const expectedIds = [
      ...ORDERED.map((p) => p.id),
      ...TASTES.map((_, i) => `ids-${i}`),
      ...TASTES.map((_, i) => `text-${i}`),
      "preference",
      "partly-unknown",
      ...BAD_LINES.map(([, want]) => want.id),
      "last",
    ];
    expect(batchLines.map((l) => l.id)).toEqual(expectedIds);
  });

  test("each good line has the documented shape, without the films it liked, best first", () => {
    for (const [i, p] of ORDERED.entries()) {
      const out = batchLines[i]!;
      expect(Object.keys(out)).toEqual(["id", "recommendations"]);
      expect(out.recommendations).toHaveLength(10);
      for (const rec of out.recommendations!) {
        expect(Object.keys(rec).sort()).toEqual(["movieId", "poster", "reasons", "score", "title", "year"]);
        expect(p.likeIds).not.toContain(rec.movieId);
      }
      const scores = out.recommendations!.map((r) => r.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
    // Different tastes get different lists: the output is not one list repeated.
    expect(new Set(batchLines.slice(0, 10).map((l) => ids(l.recommendations).join())).size).toBeGreaterThan(
      5,
    );
  });

  test("the same profile gives the same list wherever it sits in the input", () => {
    const sameTaste = ORDERED.map((p, i) => ({ p, out: batchLines[i]! })).filter(
      (x) => x.p.likeIds.join() === ORDERED[0]!.likeIds.join(),
    );
    expect(sameTaste.length).toBeGreaterThan(1);
    for (const x of sameTaste) expect(x.out.recommendations).toEqual(sameTaste[0]!.out.recommendations);
    expect(line("last").recommendations).toEqual(line("ids-0").recommendations);
  });

  test("a bad line gets an error line naming the problem; the lines after it still run", () => {
    for (const [raw, want] of BAD_LINES) {
      const out = batchLines.find((l) => l.error !== undefined && want.error.test(l.error));
      expect(out, `error line for ${raw.slice(0, 60)}`).toBeDefined();
      expect(out!.id).toEqual(want.id);
      expect(Object.keys(out!).sort()).toEqual(["error", "id"]);
    }
    expect(line("last").recommendations).toHaveLength(10);
  });

  test("ids the catalogue lacks are left out and listed in unknownIds", () => {
    const out = line("partly-unknown");
    expect(out.unknownIds).toEqual([999999999, 888888888]);
    expect(out.recommendations).toEqual(line("ids-0").recommendations);
  });

  test("free text reports what it understood", () => {
    expect(line("text-3").understood).toEqual([
      expect.objectContaining({ movieId: 296, sentiment: "like" }),
      expect.objectContaining({ movieId: 608, sentiment: "like" }),
      expect.objectContaining({ movieId: 1721, sentiment: "dislike" }),
    ]);
  });

  test("gives exactly what single mode gives for the same ids and the same text", () => {
    TASTES.forEach((_, i) => {
      expect(singles.ids[i]!.code).toBe(0);
      expect(line(`ids-${i}`).recommendations).toEqual(single(singles.ids[i]!).recommendations);
      // Ids and the same films in words are the same profile.
      expect(line(`text-${i}`).recommendations).toEqual(line(`ids-${i}`).recommendations);
    });
    singles.text.forEach((r, i) => {
      expect(line(`text-${i}`).recommendations).toEqual(single(r).recommendations);
    });
    expect(line("preference").recommendations).toEqual(single(singles.preference).recommendations);
  });

  test("a stated genre dislike keeps that genre out, in batch as in single mode", async () => {
    const app = await sharedApp();
    const recs = line("preference").recommendations!;
    expect(recs).toHaveLength(10);
    for (const r of recs) expect(app.catalogue.byId(r.movieId)!.genres).not.toContain("Drama");
    expect(ids(recs)).not.toEqual(ids(line("ids-0").recommendations));
  });

  test("empty input writes nothing and exits 0", () => {
    expect(emptyInput.code).toBe(0);
    expect(emptyInput.stdout).toBe("");
    expect(emptyInput.stderr).toBe("");
  });
});

describe("batch, single mode and the chat agree", () => {
  test("the chat's first list for a message is the batch list for the same films", async () => {
    const { store, matinee } = await memoryMatinee();
    for (const [i, taste] of [...TASTES.entries(), [TASTES.length, { text: WITH_PREFERENCE }] as const]) {
      const userId = `batch-equality-${i}`;
      const replies = await matinee.handle({ platform: "test", userId, text: taste.text });
      const lists = replies.filter((r) => r.cards && r.cards.length > 0).map((r) => r.cards!);
      const chatCards = lists.flat();
      const batchOut = i < TASTES.length ? line(`text-${i}`) : line("preference");
      const batchRecs = batchOut.recommendations!;
      if ("likeIds" in taste) {
        // The chat read the message as these films: the id lines describe the same profile.
        const profile = (await store.get(`test:${userId}`))!.profile;
        expect(profile.liked.map((e) => e.movieId)).toEqual(taste.likeIds);
        expect(profile.disliked.map((e) => e.movieId)).toEqual(taste.dislikeIds);
        expect(line(`ids-${i}`).recommendations).toEqual(batchRecs);
      }
      // Bundles regroup the same films: compare as a set, and the order when it is one list.
      expect(new Set(chatCards.map((c) => c.movieId))).toEqual(new Set(ids(batchRecs)));
      expect(chatCards).toHaveLength(batchRecs.length);
      if (lists.length === 1) expect(chatCards.map((c) => c.movieId)).toEqual(ids(batchRecs));
      const byId = new Map(batchRecs.map((r) => [r.movieId, r]));
      for (const c of chatCards) {
        expect(c.score).toBe(byId.get(c.movieId)!.score);
        expect(c.reasons).toEqual(byId.get(c.movieId)!.reasons);
      }
    }
  });
});

describe("matinee similar --batch", () => {
  test("answers each line in order, like single mode, with error lines for bad ones", () => {
    expect(similarBatch.code).toBe(0);
    const out = jsonLines(similarBatch);
    expect(out.map((l) => l.id)).toEqual(["heat", "it", "nope", "nothing", "both", "neither", null]);
    const heat = single(singles.similar[0]!) as { movie: unknown; recommendations: RecJson[] };
    const it = single(singles.similar[1]!) as { movie: unknown; recommendations: RecJson[] };
    expect(out[0]).toEqual({ id: "heat", movie: heat.movie, recommendations: heat.recommendations });
    expect(out[1]).toEqual({ id: "it", movie: it.movie, recommendations: it.recommendations });
    expect(out[0]!.recommendations).toHaveLength(5);
    expect(out[2]!.error).toContain("Unknown MovieLens id 424242424");
    expect(out[3]!.error).toContain('No film found for "Zzqx Blorp Returns"');
    expect(out[4]!.error).toContain("either movieId or title");
    expect(out[5]!.error).toContain('needs "movieId"');
    expect(out[6]!.error).toMatch(/^not JSON/);
  });
});

describe("batch mode at the edges", () => {
  test("`… --batch | head -1` exits cleanly, and stops reading an endless input", async () => {
    const err = join(tempDir(), "stderr.txt");
    const script = [
      `yes '{"id":"x","likeIds":[858,6]}' | node bot/bin.js recommend --batch -k 2 2>"${err}" | head -1`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash expansion, not a template
      'echo "codes ${PIPESTATUS[*]}"',
      `cat "${err}"`,
    ].join("\n");
    const r = await new Promise<{ stdout: string; code: number | null }>((resolve, reject) => {
      const child = spawn("bash", ["-c", script], {
        cwd: REPO_ROOT,
        env: {
          ...cliEnv(),
        },
      });
      let stdout = "";
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ stdout, code }));
    });
    const [first, codes, ...rest] = r.stdout.split("\n");
    expect(JSON.parse(first!)).toMatchObject({ id: "x" });
    // yes dies of SIGPIPE (141) once matinee stops reading; matinee and head exit 0.
    expect(codes).toBe("codes 141 0 0");
    expect(rest.join("\n").trim()).toBe("");
  });

  test("a model that is not trained is one clear line before any input is read", async () => {
    const notTrained = await runCli(["recommend", "--batch", "--model", "transitions"], {
      input: JSON.stringify({ id: 1, likeIds: [1] }),
    });
    expect(notTrained.code).toBe(1);
    expect(notTrained.stdout).toBe("");
    expect(notTrained.stderr.trim().split("\n")).toHaveLength(1);
    expect(notTrained.stderr).toContain('Model "transitions" is not trained');
    expect(notTrained.stderr).toContain("matinee train --model transitions");

    const unknown = await runCli(["similar", "--batch", "--model", "nope"], { input: "" });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown model "nope"');
  });

  test("--model popularity ranks by popularity alone; --batch refuses a profile on the command line", async () => {
    const [pop, mixed] = await Promise.all([
      runCli(["recommend", "--batch", "--model", "popularity", "-k", "5"], {
        input: JSON.stringify({ id: 1, likeIds: [858, 6] }),
      }),
      runCli(["recommend", "--batch", "--like-ids", "1"], { input: "" }),
    ]);
    expect(pop.code).toBe(0);
    const app = await sharedApp();
    const alone = suggest(
      app.catalogue,
      { ...app.models, ranker: app.models.popularity },
      profileOf([858, 6]),
      {
        k: 5,
      },
    );
    expect(jsonLines(pop)[0]!.recommendations).toEqual(alone.map(cardJson));
    expect(ids(jsonLines(pop)[0]!.recommendations)).not.toEqual(
      ids(line("ids-0").recommendations).slice(0, 5),
    );
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain("--batch reads profiles from stdin");
  });

  test("--help documents batch mode", async () => {
    const [rec, sim] = await Promise.all([runCli(["recommend", "--help"]), runCli(["similar", "--help"])]);
    expect(rec.stdout).toContain("--batch");
    expect(rec.stdout).toContain('"likeIds"');
    expect(rec.stdout).toContain("unknownIds");
    expect(sim.stdout).toContain("--batch");
    expect(sim.stdout).toContain('"movieId"');
    for (const help of [rec, sim])
      expect(help.stdout).toMatch(/--threads <n>\s+with --batch: threads answering lines/);
  });

  test("--threads takes a whole number of threads, and says so before reading any input", async () => {
    const [zero, words] = await Promise.all([
      runCli(["recommend", "--batch", "--threads", "0"], { input: JSON.stringify({ id: 1, likeIds: [1] }) }),
      runCli(["similar", "--batch", "--threads", "two"], { input: "" }),
    ]);
    for (const r of [zero, words]) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("--threads must be a whole number from 1 to 64");
    }
  });
});
