// How well it works: the served model, the stored evaluation report, the pipeline's counts.
import { api, el, say, wireForget } from "./api.js";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

const fmt = (v) =>
  typeof v === "number"
    ? Number.isInteger(v)
      ? v.toLocaleString("en")
      : v.toFixed(4)
    : v === true
      ? "yes"
      : v === false
        ? "no"
        : (v ?? "–");

/** A table of rows by name, one column per figure any row has. */
function table(caption, rows) {
  const names = Object.keys(rows);
  const columns = [...new Set(names.flatMap((n) => Object.keys(rows[n] ?? {})))];
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      {},
      el("caption", {}, caption),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("th", { scope: "col" }, "model"),
          columns.map((c) => el("th", { scope: "col" }, c)),
        ),
      ),
      el(
        "tbody",
        {},
        names.map((n) =>
          el(
            "tr",
            {},
            el("th", { scope: "row" }, n),
            columns.map((c) => el("td", {}, fmt(rows[n][c]))),
          ),
        ),
      ),
    ),
  );
}

/** A horizontal bar chart of one figure per model; the served blend's bar stands out. */
function barChart(title, values) {
  const entries = Object.entries(values).filter(([, v]) => typeof v === "number");
  if (entries.length === 0) return null;
  const max = Math.max(...entries.map(([, v]) => v), 1e-9);
  const row = 22;
  const left = 150;
  const width = 560;
  const height = entries.length * row + 30;
  const chart = svg("svg", {
    class: "chart",
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: "img",
    "aria-label": title,
  });
  chart.append(svg("title", {}, title), svg("text", { x: 0, y: 14, "font-weight": "bold" }, title));
  entries.forEach(([name, v], i) => {
    const y = 24 + i * row;
    const w = Math.max(1, ((width - left - 70) * v) / max);
    chart.append(
      svg("text", { x: left - 8, y: y + 14, "text-anchor": "end" }, name),
      svg("rect", {
        class: name.startsWith("blend") ? "bar served" : "bar",
        x: left,
        y: y + 3,
        width: w,
        height: row - 6,
        rx: 2,
      }),
      svg("text", { x: left + w + 6, y: y + 14 }, v.toFixed(4)),
    );
  });
  return chart;
}

/** The figure `key` of every row, for a chart. */
const column = (rows, key) => Object.fromEntries(Object.entries(rows).map(([n, r]) => [n, r?.[key]]));

function facts(pairs) {
  return el(
    "dl",
    { class: "facts" },
    pairs.filter(([, v]) => v !== undefined).flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]),
  );
}

function showServed(served) {
  const box = document.getElementById("served");
  if (served.length === 0) return box.replaceChildren(el("p", {}, "The registry has no promoted model."));
  box.replaceChildren(
    ...served.flatMap((m) =>
      [
        el("h3", {}, m.name),
        facts([
          ["version", m.version],
          ["trained", `${m.createdAt.replace("T", " ").slice(0, 16)} UTC`],
          ["training time", `${m.trainSeconds.toFixed(1)} s`],
          ["members", m.members?.join(", ")],
        ]),
        Object.keys(m.metrics).length > 0
          ? [
              table(`${m.name}: validation figures stored with this version`, { [m.name]: m.metrics }),
              barChart(`${m.name}: validation figures`, m.metrics),
            ]
          : el(
              "p",
              { class: "note" },
              "The registry stored no validation figures with this version (a first start trains without validating; `matinee train` stores them).",
            ),
      ].flat(),
    ),
  );
}

function showReport(report, note) {
  const box = document.getElementById("report");
  const noteBox = document.getElementById("report-note");
  if (note) {
    noteBox.hidden = false;
    noteBox.textContent = note;
  }
  if (!report) return box.replaceChildren();
  const parts = [
    facts([
      ["protocol", report.protocol],
      ["dataset", report.dataset],
      ["users", fmt(report.users)],
      ["films", fmt(report.items)],
    ]),
  ];
  if (report.models) {
    parts.push(
      el("h3", {}, "Leave-last-out"),
      table("Leave-last-out: each user's newest film held out", report.models),
    );
    parts.push(
      barChart("HR@10 by model", column(report.models, "hr@10")),
      barChart("NDCG@10 by model", column(report.models, "ndcg@10")),
    );
  }
  if (report.newcomer) {
    parts.push(
      el("h3", {}, "Newcomer"),
      el(
        "p",
        {},
        `${fmt(report.newcomer.users)} users in ${fmt(report.newcomer.folds)} folds; n films named, the rest of their loved films found.`,
      ),
    );
    for (const n of ["n1", "n3", "n5"]) {
      const rows = report.newcomer[n];
      if (!rows) continue;
      parts.push(
        table(`Newcomer, ${n.slice(1)} film${n === "n1" ? "" : "s"} named`, rows),
        barChart(`Newcomer Recall@10, ${n.slice(1)} named`, column(rows, "recall@10")),
      );
    }
  }
  if (report.personas && Object.keys(report.personas).length > 0) {
    parts.push(
      el("h3", {}, "Personas"),
      table(
        "Personas: share of the top 10 a film fan accepts",
        Object.fromEntries(Object.entries(report.personas).map(([k, v]) => [k, { precision: v }])),
      ),
    );
    parts.push(barChart("Persona precision@10", report.personas));
  }
  if (report.zeroShot && Object.keys(report.zeroShot).length > 0) {
    parts.push(
      el("h3", {}, "Zero-shot chat"),
      table("Zero-shot: films named in real dialogues in, the films suggested there found", report.zeroShot),
    );
    parts.push(barChart("Zero-shot Recall@10", column(report.zeroShot, "recall@10")));
  }
  if (report.byHistory) {
    parts.push(
      el("h3", {}, "HR@10 by history length"),
      table(
        "HR@10 by how many films a user had rated (buckets)",
        Object.fromEntries(
          Object.entries(report.byHistory).map(([k, v]) => [
            k,
            Object.fromEntries(v.map((x, i) => [report.historyBuckets?.[i] ?? `bucket ${i + 1}`, x])),
          ]),
        ),
      ),
    );
  } else {
    parts.push(
      el(
        "p",
        { class: "note" },
        "This report has no HR@10 by history length (it was written before `matinee eval --json` included it): run the evaluation again to add it.",
      ),
    );
  }
  box.replaceChildren(...parts.filter(Boolean));
}

function showPipeline(p) {
  document
    .getElementById("pipeline")
    .replaceChildren(
      el(
        "div",
        { class: "table-wrap" },
        el(
          "table",
          {},
          el("caption", {}, `Data pipeline: ${p.dataset}`),
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              el("th", { scope: "col" }, "stage"),
              el("th", { scope: "col" }, "rows"),
              el("th", { scope: "col" }, "what"),
            ),
          ),
          el(
            "tbody",
            {},
            el(
              "tr",
              {},
              el("th", { scope: "row" }, "bronze"),
              el("td", {}, fmt(p.bronzeRatings)),
              el("td", {}, "ratings as downloaded"),
            ),
            el(
              "tr",
              {},
              el("th", { scope: "row" }, "silver"),
              el("td", {}, fmt(p.silverMovies)),
              el("td", {}, "films, cleaned and joined to their links"),
            ),
            el(
              "tr",
              {},
              el("th", { scope: "row" }, "gold"),
              el("td", {}, fmt(p.goldRatings)),
              el(
                "td",
                {},
                `ratings the models learn from, by ${fmt(p.goldUsers)} users (${fmt(p.skippedRatings)} skipped)`,
              ),
            ),
          ),
        ),
      ),
    );
}

async function load() {
  const m = await api("/api/metrics");
  showServed(m.served);
  showReport(m.report, m.reportNote);
  showPipeline(m.pipeline);
}

wireForget();
load().catch((e) => say(e.message));
