import { expect, test } from "vitest";
import { runCli, sharedApp } from "../helpers/app.ts";

test("app loads the shared catalogue", async () => {
  const app = await sharedApp();
  expect(app.catalogue.size).toBe(9742);
});

test("recommend --json", async () => {
  const r = await runCli(["recommend", "--likes", "The Godfather, Heat", "--json"]);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).recommendations).toHaveLength(10);
});
