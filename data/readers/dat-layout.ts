import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { RatingsBuilder, type RawDataset, type RawMovie } from "../raw.ts";

/**
 * The ml-1m layout: "::"-separated movies.dat and ratings.dat in latin-1, no header,
 * no tags or links.
 */
export const DAT_LAYOUT_FILES = ["movies.dat", "ratings.dat"];

export async function readDatLayout(dir: string): Promise<RawDataset> {
  const [moviesFile, ratingsFile] = DAT_LAYOUT_FILES.map((f) => join(dir, f)) as [string, string];
  for (const f of [moviesFile, ratingsFile]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: the ml-1m layout needs movies.dat and ratings.dat`);
  }

  const movies: RawMovie[] = [];
  await eachLine(moviesFile, (fields) => {
    const [id, title, genres] = fields;
    if (id && title !== undefined) movies.push({ movieId: Number(id), title, genres: genres ?? "" });
  });

  const ratings = new RatingsBuilder();
  await eachLine(ratingsFile, (fields) => {
    if (fields.length < 4) return;
    ratings.push(Number(fields[0]), Number(fields[1]), Number(fields[2]), Number(fields[3]));
  });

  return { movies, ratings: ratings.build(), tags: [], links: [], files: [moviesFile, ratingsFile] };
}

async function eachLine(path: string, onFields: (fields: string[]) => void): Promise<void> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: "latin1" }),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (line.trim()) onFields(line.trimEnd().split("::"));
  }
}
