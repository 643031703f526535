import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "../helpers/temp-dir.ts";

export { tempDir };

/** Writes a file, creating its folders. */
export function writeFile(path: string, content: string | Uint8Array): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** Lines joined with CRLF and a final CRLF, as GroupLens writes its CSVs. */
export function crlf(lines: readonly string[]): string {
  return `${lines.join("\r\n")}\r\n`;
}

export interface MiniDatasetFiles {
  "movies.csv": string;
  "ratings.csv": string;
  "tags.csv": string;
  "links.csv": string;
}

/** A tiny ml-latest-small: 4 movies, 3 users, 8 ratings (one of an unknown movie), tags and links. */
export function miniDataset(): MiniDatasetFiles {
  return {
    "movies.csv": crlf([
      "movieId,title,genres",
      "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy",
      "47,Seven (a.k.a. Se7en) (1995),Mystery|Thriller",
      '858,"Godfather, The (1972)",Crime|Drama',
      '29,"City of Lost Children, The (Cité des enfants perdus, La) (1995)",Adventure|Drama|Fantasy|Mystery|Sci-Fi',
    ]),
    "ratings.csv": crlf([
      "userId,movieId,rating,timestamp",
      "1,858,5.0,964982703",
      "1,1,4.0,964981247",
      "1,47,5.0,964983815",
      "2,858,4.5,1445714835",
      "2,29,3.5,1445714885",
      "3,1,3.0,1306463578",
      "3,858,2.0,1306463578",
      "3,99999,4.0,1306463600",
    ]),
    "tags.csv": crlf([
      "userId,movieId,tag,timestamp",
      "2,858,Mafia,1445714994",
      "3,858,mafia,1445714996",
      "3,858,classic,1445714992",
      "2,47,twist ending,1445714990",
    ]),
    "links.csv": crlf([
      "movieId,imdbId,tmdbId",
      "1,0114709,862",
      "47,0114369,807",
      "858,0068646,238",
      "29,112682,",
    ]),
  };
}

/** Writes the files of `miniDataset()` (or the given ones) into `dir`. */
export function writeDataset(dir: string, files: Partial<MiniDatasetFiles> = miniDataset()): string {
  for (const [name, content] of Object.entries(files)) writeFile(join(dir, name), content);
  return dir;
}
