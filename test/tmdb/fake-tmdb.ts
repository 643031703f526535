import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** performance.now() when the request arrived. */
  at: number;
}

/** What the fake answers one request with; "hang" never answers (for timeouts). */
export type Answer =
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | "hang";

/**
 * A stand-in for api.themoviedb.org on 127.0.0.1: answers each request from `script`
 * (per path, in order; the last answer repeats), records every request and when it came,
 * and how many were in flight at once.
 */
export class FakeTmdb {
  readonly requests: Recorded[] = [];
  /** performance.now() when each 429 went out. */
  readonly rateLimitedAt: number[] = [];
  maxInFlight = 0;
  private inFlight = 0;
  private readonly hanging = new Set<ServerResponse>();
  private readonly server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname.replace(/^\/3/, "");
    this.requests.push({
      path,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      at: performance.now(),
    });
    const list = this.script.get(path) ??
      this.script.get("*") ?? [{ status: 404, body: { status_code: 34 } }];
    const answer = list.length > 1 ? list.shift()! : list[0]!;
    if (answer === "hang") {
      this.hanging.add(res);
      return;
    }
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    setTimeout(() => {
      this.inFlight--;
      if (answer.status === 429) this.rateLimitedAt.push(performance.now());
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body ?? {}));
    }, answer.delayMs ?? 0);
  });
  private readonly script = new Map<string, Answer[]>();

  /** Answers for one path ("/movie/603"), or "*" for any path not scripted. */
  on(path: string, ...answers: Answer[]): this {
    this.script.set(path, answers);
    return this;
  }

  async start(): Promise<string> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/3`;
  }

  calls(path: string): Recorded[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, "close");
  }
}

/** A TMDB movie body: poster and (optionally) watch providers per region. */
export function movieBody(
  id: number,
  posterPath: string | null,
  providers: Record<string, { flatrate?: string[]; rent?: string[]; buy?: string[] }> = {},
) {
  const list = (names: string[] | undefined) =>
    names?.map((provider_name, i) => ({
      provider_name,
      display_priority: i,
      logo_path: "/x.jpg",
      provider_id: i,
    }));
  return {
    id,
    title: `Film ${id}`,
    poster_path: posterPath,
    "watch/providers": {
      results: Object.fromEntries(
        Object.entries(providers).map(([region, p]) => [
          region,
          {
            link: `https://www.themoviedb.org/movie/${id}/watch?locale=${region}`,
            flatrate: list(p.flatrate),
            rent: list(p.rent),
            buy: list(p.buy),
          },
        ]),
      ),
    },
  };
}
