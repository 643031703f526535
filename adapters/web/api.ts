import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import type { Catalogue } from "../../core/catalogue.ts";
import { emptyProfile } from "../../core/profile/profile.ts";
import { peopleIndex } from "../../core/recommend/filters.ts";
import { type Card, posterUrl } from "../../core/reply/reply.ts";
import { similarCards } from "../../core/similar.ts";
import { userKey } from "../../core/store/store.ts";
import { suggest } from "../../core/suggest.ts";
import { BadRequest } from "./bad-request.ts";
import { MAX_BODY_BYTES, MAX_UPLOAD_BYTES, WEB_PLATFORM, type WebDeps } from "./deps.ts";
import { clientLimiter, DEFAULT_HTTP_RATE } from "./rate-limit.ts";
import { metricsReport } from "./report.ts";
import {
  describeIssue,
  FeedbackBody,
  ImportQuery,
  MatchBody,
  RecommendBody,
  SimilarParams,
  StarterBody,
  TitlesQuery,
} from "./schemas.ts";
import { forgetWebId, readWebId, webId } from "./session.ts";
import { nextStarter, STARTER_COUNT, starterPool } from "./starter-films.ts";
import { tasteOfIds, tasteOfText } from "./taste.ts";

/** Uploads (an export file) are bytes, not JSON: their own type and limit. */
const UPLOAD_PATH = "/import";

/** A card as the API sends it (the CLI's `cardJson` plus what a page draws). */
function cardOut(c: Card) {
  return {
    movieId: c.movieId,
    title: c.title,
    year: c.year,
    genres: c.genres,
    score: c.score,
    reasons: c.reasons,
    poster: c.posterUrl ?? null,
    links: c.links,
  };
}

/**
 * The JSON API, mounted at /api: every answer from the chat's own path (`suggest`,
 * `similarCards`, `Matinee.handle` for feedback), per-client rate limits, JSON bodies only,
 * checked with zod and bounded in size.
 */
export function apiRoutes(deps: WebDeps): Hono {
  const { catalogue, titles, models, store, matinee, secret } = deps;
  const admit = clientLimiter(deps.rate ?? DEFAULT_HTTP_RATE, deps.now ?? Date.now);
  const knownPerson = peopleIndex(catalogue);
  const pool = starterPool(catalogue);
  const api = new Hono();
  api.use("*", async (c, next) => {
    const client = getConnInfo(c).remote.address ?? "unknown";
    if (!admit(client)) {
      c.header("Retry-After", "1");
      return c.json({ error: "too many requests: slow down" }, 429);
    }
    const upload = c.req.path === `/api${UPLOAD_PATH}`;
    const wanted = upload ? "application/octet-stream" : "application/json";
    // JSON (or bytes for an upload) only: a form another site posts cannot reach the API (its
    // cookie is SameSite too).
    if (c.req.method === "POST" && !c.req.header("content-type")?.startsWith(wanted))
      return c.json(
        { error: `body: send ${upload ? "the file's bytes" : "JSON"} (Content-Type: ${wanted})` },
        415,
      );
    await next();
    c.header("Cache-Control", "no-store");
  });
  const limit = (bytes: number) =>
    bodyLimit({
      maxSize: bytes,
      onError: (c) => c.json({ error: `body: larger than ${bytes} bytes` }, 413),
    });
  api.use("*", async (c, next) =>
    limit(c.req.path === `/api${UPLOAD_PATH}` ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES)(c, next),
  );

  const body = async (c: Context): Promise<unknown> => {
    try {
      return await c.req.json();
    } catch {
      throw new BadRequest("body", "not valid JSON");
    }
  };
  const parse = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> => {
    const r = schema.safeParse(value);
    if (!r.success) {
      const { field, message } = describeIssue(r.error);
      throw new BadRequest(field, message);
    }
    return r.data;
  };
  const storedProfile = async (c: Context) => {
    const id = await readWebId(c, secret);
    return (id ? await store.get(userKey(WEB_PLATFORM, id)) : undefined)?.profile;
  };

  api.post("/match", async (c) => {
    const { text } = parse(MatchBody, await body(c));
    const movies = titles.find(text).map((m) => {
      const movie = catalogue.byId(m.movieId)!;
      return {
        movieId: m.movieId,
        title: movie.title,
        year: movie.year,
        confidence: m.confidence,
        sentiment: m.sentiment,
      };
    });
    return c.json({ text, movies });
  });

  api.post("/recommend", async (c) => {
    const b = parse(RecommendBody, await body(c));
    const fromText = b.likes ? tasteOfText(titles, knownPerson, b.likes) : undefined;
    const byIds = b.likeIds || b.dislikeIds || b.seenIds;
    const profile = fromText?.profile ?? (byIds ? tasteOfIds(catalogue, b) : await storedProfile(c));
    const rerank = { lambda: b.diversity ?? deps.rerank.lambda, alpha: b.recency ?? deps.rerank.alpha };
    const cards = suggest(catalogue, models, profile ?? emptyProfile(), {
      k: b.k,
      ...(fromText?.filter ? { filter: fromText.filter } : {}),
      rerank,
    });
    return c.json({
      ...(fromText
        ? {
            understood: fromText.mentions.map((m) => ({
              movieId: m.movieId,
              text: m.text,
              sentiment: m.sentiment,
            })),
          }
        : {}),
      source: fromText ? "likes" : byIds ? "ids" : "profile",
      rerank: { diversity: rerank.lambda, recency: rerank.alpha },
      recommendations: cards.map(cardOut),
    });
  });

  api.get("/similar/:movieId", (c) => {
    const { movieId, k } = parse(SimilarParams, { movieId: c.req.param("movieId"), k: c.req.query("k") });
    if (!catalogue.byId(movieId)) throw new BadRequest("movieId", `unknown MovieLens id ${movieId}`, 404);
    return c.json({ recommendations: similarCards(catalogue, models, movieId, k).map(cardOut) });
  });

  api.get("/titles", (c) => {
    const { q } = parse(TitlesQuery, { q: c.req.query("q") });
    const found = q.trim() === "" ? [] : matinee.complete(q, 25);
    return c.json({
      titles: found.map((t) => ({ ...t, poster: cardPoster(catalogue, t.movieId) })),
    });
  });

  api.post("/feedback", async (c) => {
    const b = parse(FeedbackBody, await body(c));
    if (!catalogue.byId(b.movieId)) throw new BadRequest("movieId", `unknown MovieLens id ${b.movieId}`, 404);
    // Stars as the chat's signals: 4–5 a like, 1–2 a dislike, 3 seen (watched, no strong view).
    const signal = b.signal ?? (b.rating! >= 4 ? "like" : b.rating! <= 2 ? "dislike" : "seen");
    const userId = await webId(c, secret);
    const replies = await matinee.handle({
      platform: WEB_PLATFORM,
      userId,
      action: { type: "feedback", movieId: b.movieId, signal },
    });
    return c.json({ ok: true, signal, text: replies.map((r) => r.text).join("\n") });
  });

  api.post(UPLOAD_PATH, async (c) => {
    const { name } = parse(ImportQuery, { name: c.req.query("name") });
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0) throw new BadRequest("body", "the file is empty");
    const outcome = await matinee.importHistory({
      platform: WEB_PLATFORM,
      userId: await webId(c, secret),
      upload: { fileName: name, bytes },
    });
    const text = outcome.replies.map((r) => r.text).join("\n");
    return c.json(
      { ok: outcome.problem === undefined, text, imported: outcome.result ?? null },
      outcome.problem ? 422 : 200,
    );
  });

  api.get("/profile", async (c) => {
    const profile = await storedProfile(c);
    const films = (list: { movieId: number }[] | undefined) =>
      (list ?? []).flatMap((e) => {
        const m = catalogue.byId(e.movieId);
        return m ? [{ movieId: m.movieId, title: m.title, year: m.year }] : [];
      });
    return c.json({
      liked: films(profile?.liked),
      disliked: films(profile?.disliked),
      seen: films(profile?.seen),
      watchlist: films(profile?.watchlist),
    });
  });

  api.post("/forget", async (c) => {
    const id = await readWebId(c, secret);
    const removed = id ? await store.delete(userKey(WEB_PLATFORM, id)) : false;
    forgetWebId(c);
    return c.json({ ok: true, removed });
  });

  api.post("/starter", async (c) => {
    const b = parse(StarterBody, await body(c));
    const done = b.rated.length >= STARTER_COUNT;
    const next = done ? undefined : nextStarter(catalogue, models, pool, b.rated, b.shown);
    const movie = next === undefined ? undefined : catalogue.byId(next);
    return c.json({
      done,
      wanted: STARTER_COUNT,
      film: movie
        ? {
            movieId: movie.movieId,
            title: movie.title,
            year: movie.year,
            genres: movie.genres,
            poster: cardPoster(catalogue, movie.movieId),
          }
        : null,
    });
  });

  api.get("/metrics", async (c) =>
    c.json(
      await metricsReport(
        deps.registry,
        [models.ranker.name, models.popularity.name],
        deps.pipeline,
        deps.reportFile,
      ),
    ),
  );

  return api;
}

function cardPoster(catalogue: Catalogue, movieId: number): string | null {
  const movie = catalogue.byId(movieId);
  return (movie && posterUrl(movie)) ?? null;
}
