import { expect, inject, test } from "vitest";
import { chatCasesFor, loadData } from "../../bot/app.ts";
import { loadConfig } from "../../bot/config.ts";
import { silentLog } from "../../core/log.ts";

test("the blend learns its chat weights from the ReDial dev cases and the dev personas, each a source of its own", async () => {
  const config = loadConfig({ MATINEE_DATA_DIR: inject("dataDir"), MATINEE_CACHE_DIR: inject("cacheDir") });
  const { gold } = await loadData(config, { log: silentLog });
  const cases = (await chatCasesFor(config, gold)) ?? [];
  const personas = cases.filter((c) => c.source === "personas");
  const dialogues = cases.filter((c) => c.source === undefined);
  expect(personas).toHaveLength(16);
  expect(dialogues).toHaveLength(580);
  // A persona's targets are its good films, never its liked ones.
  for (const p of personas) expect(p.targets.some((t) => p.likes.includes(t))).toBe(false);
  for (const p of personas) expect(p.targets.length).toBeGreaterThanOrEqual(20);
});
