import { existsSync, readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { UserFacingError } from "../../core/errors.ts";

/**
 * Hand corrections of a gold file's movie ids. Crowd-made gold names films a line does not
 * name ("Hi there!" → Being There) and misses films it does; scoring against it alone rewards
 * an engine for repeating those mistakes. The corrections sit beside the shared file, never
 * in it, and `eval-titles` prints both figures.
 */
const Correction = z.object({
  id: z.string(),
  /** The line's text, so a changed gold file is refused rather than corrected wrongly. */
  text: z.string(),
  add: z.array(z.number().int()).default([]),
  remove: z.array(z.number().int()).default([]),
  why: z.string().min(1),
});
const CorrectionsFile = z.object({
  file: z.string(),
  corrections: z.array(Correction),
});
export type GoldCorrection = z.infer<typeof Correction>;

const CORRECTIONS_DIR = fileURLToPath(new URL("../../data/corrections/", import.meta.url));

/** The corrections kept in the repository for a gold file, by its name; none for most files. */
export function correctionsFor(
  goldFile: string,
): { path: string; corrections: GoldCorrection[] } | undefined {
  const path = `${CORRECTIONS_DIR}${basename(goldFile, extname(goldFile))}.json`;
  if (!existsSync(path)) return undefined;
  const parsed = CorrectionsFile.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new UserFacingError(`${path} is not {"file","corrections":[{id,text,why,…}]}`);
  return { path, corrections: parsed.data.corrections };
}

interface GoldIds {
  id: string;
  text: string;
  movieIds: number[];
}

/** The lines with each correction applied; throws when a corrected line is missing or changed. */
export function applyCorrections<T extends GoldIds>(
  lines: readonly T[],
  corrections: readonly GoldCorrection[],
): T[] {
  const byId = new Map(corrections.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const out = lines.map((line) => {
    const c = byId.get(line.id);
    if (!c) return line;
    seen.add(c.id);
    if (c.text !== line.text)
      throw new UserFacingError(
        `Gold line ${line.id} changed since it was corrected by hand: "${line.text}"`,
      );
    const removed = new Set(c.remove);
    const kept = line.movieIds.filter((id) => !removed.has(id));
    return { ...line, movieIds: [...kept, ...c.add.filter((id) => !kept.includes(id))] };
  });
  const missing = corrections.filter((c) => !seen.has(c.id));
  if (missing.length > 0)
    throw new UserFacingError(`Corrected gold lines not in the file: ${missing.map((c) => c.id).join(", ")}`);
  return out;
}
