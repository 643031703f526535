import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { z } from "zod";
import type { Catalogue } from "../../core/catalogue.ts";
import type { Rate } from "../../core/limits/token-bucket.ts";
import type { Log } from "../../core/log.ts";
import type { Matinee } from "../../core/matinee.ts";
import { peopleIndex } from "../../core/recommend/filters.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import type { RerankOptions } from "../../core/recommend/rerank.ts";
import { type Card, posterUrl } from "../../core/reply/reply.ts";
import { similarCards } from "../../core/similar.ts";
import type { Store } from "../../core/store/store.ts";
import { userKey } from "../../core/store/store.ts";
import { suggest } from "../../core/suggest.ts";
import type { TitleMatcher } from "../../core/titles/find-titles.ts";
import type { ModelRegistry } from "../../models/registry/registry.ts";
import { clientLimiter, DEFAULT_HTTP_RATE } from "./rate-limit.ts";
import { metricsReport, type PipelineCounts } from "./report.ts";
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
import { readStatic } from "./static.ts";
import { BadRequest, tasteOfIds, tasteOfText } from "./taste.ts";

/** The store's platform name for web profiles: `web:<id>`. */
export const WEB_PLATFORM = "web";
/** The largest JSON body the API reads: a taste in words and a few hundred ids fit easily. */
export const MAX_BODY_BYTES = 16 * 1024;
/** The largest export file the web takes: a Letterboxd zip of thousands of films is well under it. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Uploads (an export file) are bytes, not JSON: their own type and limit. */
const UPLOAD_PATH = "/import";

export interface WebDeps {
  catalogue: Catalogue;
  titles: TitleMatcher;
  models: ServingModels;
  registry: ModelRegistry;
  /** The chat's core, over the same store as the bots: feedback is a chat turn. */
  matinee: Matinee;
  store: Store;
  rerank: RerankOptions;
  pipeline: PipelineCounts;
  /** A saved `matinee eval --json`, shown on How well it works when present. */
  reportFile?: string;
  /** Signs the profile cookie. */
  secret: string;
  log: Log;
  rate?: Rate;
  now?: () => number;
}

/** The pages, by path: each is a static HTML file whose script is a plain ES module. */
const PAGES: Record<string, string> = {
  "/": "index.html",
  "/rate": "rate.html",
  "/tune": "tune.html",
  "/eval": "eval.html",
};

/**
 * Scripts, styles and data only from this server; posters from TMDB's image host; no
 * framing, no plugins, no inline script.
 */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "https://image.tmdb.org", "data:"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

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

/** The web's routes over the core: JSON API under /api, the pages, /healthz. */
export function webApp(deps: WebDeps): Hono {
  const { catalogue, titles, models, store, matinee, log, secret } = deps;
  const now = deps.now ?? Date.now;
  const files = readStatic();
  const admit = clientLimiter(deps.rate ?? DEFAULT_HTTP_RATE, now);
  const knownPerson = peopleIndex(catalogue);
  const pool = starterPool(catalogue);
  const app = new Hono();

  app.use("*", secureHeaders({ contentSecurityPolicy: CSP, crossOriginEmbedderPolicy: false }));
  app.onError((error, c) => {
    if (error instanceof BadRequest) return c.json({ error: error.message }, error.status);
    // The detail goes to the log; the client learns only that it was not its fault.
    log.error({ err: error, path: c.req.path }, "web request failed");
    return c.json({ error: "internal error" }, 500);
  });
  app.notFound((c) =>
    c.req.path.startsWith("/api/") ? c.json({ error: "not found" }, 404) : c.text("Not found", 404),
  );

  app.get("/healthz", (c) => c.json({ ok: true }));

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
  const profileOf = async (c: Context) => {
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
    const profile = fromText?.profile ?? (byIds ? tasteOfIds(catalogue, b) : await profileOf(c));
    const rerank = { lambda: b.diversity ?? deps.rerank.lambda, alpha: b.recency ?? deps.rerank.alpha };
    const cards = suggest(catalogue, models, profile ?? tasteOfIds(catalogue, {}), {
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
    const profile = await profileOf(c);
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

  app.route("/api", api);

  for (const [path, file] of Object.entries(PAGES)) {
    app.get(path, (c) => sendFile(c, files.get(file)));
  }
  app.get("/static/:file", (c) => sendFile(c, files.get(c.req.param("file"))));
  return app;
}

function sendFile(c: Context, file: { body: Uint8Array; type: string } | undefined) {
  if (!file) return c.text("Not found", 404);
  c.header("Content-Type", file.type);
  c.header("Cache-Control", "no-cache");
  return c.body(file.body as Uint8Array<ArrayBuffer>);
}

function cardPoster(catalogue: Catalogue, movieId: number): string | null {
  const movie = catalogue.byId(movieId);
  return (movie && posterUrl(movie)) ?? null;
}

export interface WebServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Serves the web app on host:port (port 0: any free port, as tests use). */
export function serveWeb(deps: WebDeps, port: number, host = "127.0.0.1"): Promise<WebServer> {
  const app = webApp(deps);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
      const url = `http://${host.includes(":") ? `[${host}]` : host}:${info.port}`;
      resolve({
        port: info.port,
        url,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections would hold the close open until they time out.
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
