// Start-up errors of the PostgreSQL store: each one line saying what to fix. Needs a server
// (MATINEE_TEST_DATABASE_URL, started by .ci/run); the shared contract runs in contract.test.ts.
import pg from "pg";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../../bot/config.ts";
import { openStore } from "../../bot/store/open-store.ts";
import { SQL_SCHEMA_VERSION } from "../../core/store/sql-schema.ts";
import { freshDatabaseUrl, TEST_DATABASE_URL } from "./backends.ts";

const configFor = (url: string) => loadConfig({ MATINEE_DATABASE_URL: url });

describe.skipIf(!TEST_DATABASE_URL)("PostgreSQL store start-up", () => {
  test("is chosen by MATINEE_DATABASE_URL and creates its tables", async () => {
    const store = await openStore(configFor(await freshDatabaseUrl()));
    expect(store.backend).toBe("postgres");
    await store.update("x:1", (s) => s);
    await store.close();
  });

  test("an unreachable server: one line naming the address without the password", async () => {
    const url = new URL(TEST_DATABASE_URL!);
    url.port = "1";
    const attempt = openStore(configFor(url.toString()));
    await expect(attempt).rejects.toThrow(
      /^Cannot open the store at postgres:\/\/matinee:\*\*\*@127\.0\.0\.1:1\/.*cannot be reached \(ECONNREFUSED\)/,
    );
    await attempt.catch((e: Error) => expect(e.message).not.toContain(new URL(TEST_DATABASE_URL!).password));
  });

  test("a wrong password: says authentication failed", async () => {
    const url = new URL(TEST_DATABASE_URL!);
    url.password = "not-the-password";
    await expect(openStore(configFor(url.toString()))).rejects.toThrow(
      /authentication failed; check the user and password/,
    );
  });

  test("a missing database: says so", async () => {
    const url = new URL(TEST_DATABASE_URL!);
    url.pathname = "/no_such_database_here";
    await expect(openStore(configFor(url.toString()))).rejects.toThrow(
      /database "no_such_database_here" does not exist; create it first/,
    );
  });

  test("a schema from a newer Matinee is refused, untouched", async () => {
    const url = await freshDatabaseUrl();
    await (await openStore(configFor(url))).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("UPDATE matinee_meta SET value = $1 WHERE name = 'schema_version'", [
      String(SQL_SCHEMA_VERSION + 1),
    ]);
    await expect(openStore(configFor(url))).rejects.toThrow(
      new RegExp(
        `newer Matinee \\(store schema ${SQL_SCHEMA_VERSION + 1}; this version reads up to ${SQL_SCHEMA_VERSION}\\)`,
      ),
    );
    const { rows } = await client.query("SELECT value FROM matinee_meta WHERE name = 'schema_version'");
    expect(rows[0].value).toBe(String(SQL_SCHEMA_VERSION + 1));
    await client.end();
  });

  test("two instances starting at once: one creates the schema, both work", async () => {
    const url = await freshDatabaseUrl();
    const [a, b] = await Promise.all([openStore(configFor(url)), openStore(configFor(url))]);
    await Promise.all([a.update("x:1", (s) => s), b.update("x:2", (s) => s)]);
    expect(await a.get("x:2")).toBeDefined();
    await Promise.all([a.close(), b.close()]);
  });

  // An update is sent as two simple-protocol messages with the values quoted in the text
  // (postgres-store.ts): what a person types must come back byte for byte and never run.
  test("keys and names with quotes, backslashes, semicolons and emoji round-trip untouched", async () => {
    const url = await freshDatabaseUrl();
    const store = await openStore(configFor(url));
    const key = "telegram:1'; DROP TABLE users; --\\";
    const name = 'O\'Brien \\x27 "quoted" ; COMMIT; 🎬 \u0000 end';
    await store.update(key, (s) => ({ ...s, name }));
    await store.update(key, (s) => ({ ...s, region: "DE" }));
    expect(await store.get(key)).toMatchObject({ key, name, region: "DE" });
    expect(await store.get("telegram:1")).toBeUndefined();
    await store.close();
  });

  test("an unreadable stored record is kept in damaged_users and the person starts afresh", async () => {
    const url = await freshDatabaseUrl();
    const store = await openStore(configFor(url));
    await store.update("x:1", (s) => ({ ...s, name: "before" }));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("UPDATE users SET state = $1 WHERE key = 'x:1'", ["{not json"]);
    const after = await store.update("x:1", (s) => ({ ...s, name: "after" }));
    expect(after.name).toBe("after");
    const { rows } = await client.query("SELECT key, state FROM damaged_users");
    expect(rows).toEqual([{ key: "x:1", state: "{not json" }]);
    await client.end();
    await store.close();
  });

  test("an update whose change throws leaves the row as it was and unlocked", async () => {
    const store = await openStore(configFor(await freshDatabaseUrl()));
    await store.update("x:1", (s) => ({ ...s, name: "kept" }));
    await expect(
      store.update("x:1", () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await store.update("x:1", (s) => ({ ...s, region: "FR" }))).name).toBe("kept");
    await store.close();
  });
});
