import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, isolatedContext, launch, screenshot, watchErrors } from "./browser.ts";
import { writeEvalReport } from "./eval-report.ts";
import { startTestWeb, type TestWeb } from "./web-server.ts";

// CI installs Chromium (.ci/run); a developer machine without it skips these, saying why.
const haveChromium = chromiumPath() !== undefined || process.env.CI === "true";
if (!haveChromium) console.warn("web page tests skipped: no Chromium (apt-get install chromium)");

/** How far the page is wider than the screen (as a string: it runs in the page, not in Node). */
const OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth";

describe.skipIf(!haveChromium)("web pages in headless Chromium", () => {
  let web: TestWeb;
  let browser: Browser;
  beforeAll(async () => {
    [web, browser] = await Promise.all([startTestWeb(), launch()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  async function open(path: string, options: Parameters<typeof isolatedContext>[1] = {}) {
    const context = await isolatedContext(browser, options);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${web.url}${path}`);
    return { page, errors, close: () => context.close() };
  }

  const cardIds = (page: Page) =>
    page.$$eval("#cards .card", (cards) => cards.map((c) => Number(c.getAttribute("data-movie-id"))));

  async function addFilm(page: Page, typed: string, label: string) {
    await page.fill("#film", typed);
    await page.getByRole("option", { name: label, exact: true }).click();
    await page.locator("#loved .chip", { hasText: label }).waitFor();
  }

  it("Try it: two titles typed with autocomplete give explained cards; 👎 replaces a card", async () => {
    const { page, errors, close } = await open("/");
    try {
      await page.locator("#cards .card").first().waitFor();
      await addFilm(page, "godfa", "The Godfather (1972)");
      await addFilm(page, "heat", "Heat (1995)");
      await expect.poll(() => page.textContent("#list-h")).toBe("Picks for you");
      await expect.poll(() => page.locator("#cards .card").count()).toBe(10);
      const first = page.locator("#cards .card").first();
      expect((await first.locator(".reasons li").count()) > 0).toBe(true);
      const before = await cardIds(page);
      expect(before).not.toContain(858);
      await screenshot(page, "try-it");

      await first.locator("button.dislike").click();
      await expect.poll(async () => (await cardIds(page)).includes(before[0]!)).toBe(false);
      const after = await cardIds(page);
      expect(after).toHaveLength(10);
      expect(after.filter((id) => !before.includes(id)).length).toBeGreaterThan(0);
      expect(await page.textContent("#status")).toMatch(/^Noted: not /);

      // More like this: the list becomes films like that card's, and comes back.
      const title = await page.locator("#cards .card .card-title").first().textContent();
      await page.locator("#cards .card button.similar").first().click();
      await expect.poll(() => page.textContent("#list-h")).toBe(`Films like ${title}`);
      await page.click("#back");
      await expect.poll(() => page.textContent("#list-h")).toBe("Picks for you");

      // Forget me (after its confirmation): the profile is gone, popular picks again.
      page.once("dialog", (d) => d.accept());
      await page.click("#forget");
      await expect.poll(() => page.textContent("#loved")).toBe("None yet.");
      await expect.poll(() => page.textContent("#list-h")).toBe("Popular picks to start with");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("Try it by keyboard alone: type, arrow down, Enter", async () => {
    const { page, errors, close } = await open("/");
    try {
      await page.focus("#film");
      await page.keyboard.type("alien");
      await page.getByRole("option").first().waitFor();
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("Enter");
      await page.locator("#loved .chip").first().waitFor();
      expect(await page.textContent("#loved")).toMatch(/Alien/);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("Try it: a Letterboxd export uploaded becomes the films you love", async () => {
    const { page, errors, close } = await open("/");
    try {
      await page.locator("#cards .card").first().waitFor();
      await page.click(".import summary");
      const csv = "Date,Name,Year,Letterboxd URI,Rating\n2024-01-02,The Godfather,1972,https://boxd.it/a,5\n";
      await page.setInputFiles("#import-file", {
        name: "ratings.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(csv),
      });
      await page.click("#import-form button[type=submit]");
      await page.locator("#loved .chip", { hasText: "The Godfather (1972)" }).waitFor();
      expect(await page.textContent("#status")).not.toBe("");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("Rate to start: ten films rated (one skipped), each new, then the first list", async () => {
    const { page, errors, close } = await open("/rate");
    try {
      const titles: string[] = [];
      const current = () => page.locator("#rate-title").textContent();
      await page.locator("#rate-title").waitFor();
      // A skip shows another film without counting as a rating.
      const skipped = await current();
      await page.click("#skip");
      await expect.poll(current).not.toBe(skipped);
      for (let i = 0; i < 10; i++) {
        const title = (await current())!;
        expect(titles).not.toContain(title);
        titles.push(title);
        expect(await page.textContent("#progress")).toBe(`${i} of 10 rated`);
        if (i === 3) await screenshot(page, "rate-to-start");
        await page.getByRole("button", { name: i % 3 === 0 ? "2 stars" : "5 stars", exact: true }).click();
        if (i < 9) await expect.poll(current).not.toBe(title);
      }
      await page.locator("#result").waitFor({ state: "visible" });
      await expect.poll(() => page.locator("#cards .card").count()).toBe(10);
      const listed = await page.$$eval("#cards .card-title", (ts) => ts.map((t) => t.textContent));
      for (const t of titles) expect(listed).not.toContain(t);
      await screenshot(page, "rate-list");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("Tune: moving the diversity slider re-ranks the list", async () => {
    const { page, errors, close } = await open("/tune");
    try {
      const order = () =>
        page.$$eval("#ranked li", (li) => li.map((l) => l.getAttribute("data-movie-id")).join(","));
      await page.locator("#ranked li").first().waitFor();
      await expect.poll(() => page.textContent("#diversity-value")).toBe("0.10");
      const before = await order();
      await page.focus("#diversity");
      await page.keyboard.press("End");
      await expect.poll(() => page.textContent("#diversity-value")).toBe("1.00");
      await expect.poll(order).not.toBe(before);
      await screenshot(page, "tune");
      await page.click("#reset");
      await expect.poll(order).toBe(before);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("How well it works: the report's tables and charts, the served model, the pipeline", async () => {
    const withReport = await startTestWeb({ reportFile: writeEvalReport() });
    const context = await isolatedContext(browser);
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${withReport.url}/eval`);
      await page.locator("#report table").first().waitFor();
      expect(await page.locator("#report svg.chart").count()).toBeGreaterThanOrEqual(4);
      expect(await page.locator("#report svg.chart rect.bar").count()).toBeGreaterThan(4);
      expect(await page.textContent("#report")).toContain("ease-recency");
      expect(await page.textContent("#report")).toContain("HR@10 by history length");
      expect(await page.textContent("#report")).toContain("200–499");
      expect(await page.isHidden("#report-note")).toBe(true);
      expect(await page.textContent("#served")).toMatch(/blend.*version\d{8}T/s);
      expect(await page.textContent("#pipeline")).toMatch(/bronze.*silver.*gold/s);
      await page
        .locator("#report h3")
        .first()
        .evaluate((h) => h.scrollIntoView());
      await screenshot(page, "how-well-it-works");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await withReport.close();
    }
  });

  it("How well it works without a stored report says so and shows the registry's", async () => {
    const { page, errors, close } = await open("/eval");
    try {
      await page.locator("#report-note").waitFor({ state: "visible" });
      expect(await page.textContent("#report-note")).toMatch(/No evaluation report is stored/);
      expect(await page.textContent("#served")).toMatch(/version\d{8}T/);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("on a phone-sized screen: one column, nothing wider than the screen, still usable", async () => {
    const { page, errors, close } = await open("/", {
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    try {
      await page.locator("#cards .card").first().waitFor();
      await addFilm(page, "godfa", "The Godfather (1972)");
      await expect.poll(() => page.textContent("#list-h")).toBe("Picks for you");
      const overflow = await page.evaluate<number>(OVERFLOW);
      expect(overflow).toBeLessThanOrEqual(0);
      const [a, b] = [
        await page.locator("#cards .card").nth(0).boundingBox(),
        await page.locator("#cards .card").nth(1).boundingBox(),
      ];
      // One column: the second card is below the first, and the first fits the screen.
      expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
      expect(a!.width).toBeLessThanOrEqual(390);
      await screenshot(page, "phone-try-it");
      for (const path of ["/rate", "/tune", "/eval"]) {
        await page.goto(`${web.url}${path}`);
        await page.waitForLoadState("networkidle");
        expect(await page.evaluate<number>(OVERFLOW)).toBeLessThanOrEqual(0);
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
