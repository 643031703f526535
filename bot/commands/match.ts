import { createInterface } from "node:readline";
import type { Command } from "commander";
import { z } from "zod";
import { type CommonOptions, printJson, setupApp, withData } from "./shared.ts";

const JsonLine = z.object({ id: z.union([z.string(), z.number()]).transform(String), text: z.string() });

/** A line of input: JSON `{"id","text"}` when it parses as such, else the line itself is the text. */
export function parseMatchLine(line: string, lineNo: number): { id: string; text: string } {
  if (line.trimStart().startsWith("{")) {
    try {
      const parsed = JsonLine.safeParse(JSON.parse(line));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON after all: a message that happens to start with "{".
    }
  }
  return { id: String(lineNo), text: line };
}

export function registerMatch(program: Command): void {
  withData(program.command("match"))
    .description(
      'find the films named in each line of stdin (plain text or JSON {"id","text"}); JSON lines out',
    )
    .action(async (options: CommonOptions) => {
      const { app } = await setupApp({ ...options, json: true }, true);
      let lineNo = 0;
      for await (const line of createInterface({
        input: process.stdin,
        crlfDelay: Number.POSITIVE_INFINITY,
      })) {
        lineNo++;
        if (!line.trim()) continue;
        const { id, text } = parseMatchLine(line, lineNo);
        const movies = app.titles.find(text).map((m) => {
          const movie = app.catalogue.byId(m.movieId)!;
          return {
            movieId: m.movieId,
            title: movie.title,
            year: movie.year,
            confidence: m.confidence,
            sentiment: m.sentiment,
          };
        });
        printJson({ id, text, movies });
      }
    });
}
