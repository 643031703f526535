/** What `matinee eval` measured, as the chart needs it. */
export interface EvalReport {
  dataset: string;
  users: number;
  items: number;
  models: Record<
    string,
    { "hr@10": number; "ndcg@10": number; "recall@20": number; "coverage@10": number; trainSeconds: number }
  >;
  /** HR@10 per model, one figure per HISTORY_BUCKETS entry. */
  byHistory: Record<string, number[]>;
  usersByHistory: number[];
}

/** User-history lengths (films in train + validation) the chart splits HR@10 by. */
export const HISTORY_BUCKETS = [
  { from: 0, to: 50, label: "< 50" },
  { from: 50, to: 100, label: "50–99" },
  { from: 100, to: 200, label: "100–199" },
  { from: 200, to: 500, label: "200–499" },
  { from: 500, to: Number.POSITIVE_INFINITY, label: "≥ 500" },
];

const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
];
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmt = (x: number) => x.toFixed(3);

/** A tidy upper bound for an axis: 0.05, 0.1, 0.15, 0.2 … */
function axisMax(value: number): number {
  const step = value > 0.3 ? 0.1 : 0.05;
  return Math.max(step, Math.ceil((value * 1.1) / step) * step);
}

function yAxis(x: number, y: number, h: number, w: number, max: number): string[] {
  const out: string[] = [];
  const step = max > 0.3 ? 0.1 : 0.05;
  for (let v = 0; v <= max + 1e-9; v += step) {
    const py = y + h - (v / max) * h;
    out.push(`<line x1="${x}" y1="${py.toFixed(1)}" x2="${x + w}" y2="${py.toFixed(1)}" stroke="#ddd"/>`);
    out.push(
      `<text x="${x - 6}" y="${(py + 4).toFixed(1)}" text-anchor="end" font-size="11" ${FONT}>${v.toFixed(2)}</text>`,
    );
  }
  return out;
}

/**
 * Two panels, side by side: every model's HR@10 and NDCG@10 on the leave-last-out test item,
 * and HR@10 by how many films the user had rated. Plain SVG, no browser needed.
 */
export function plotReport(report: EvalReport): string {
  const names = Object.keys(report.models);
  const width = 1100;
  const height = 460;
  const top = 60;
  const plotH = 300;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  parts.push(
    `<text x="20" y="28" font-size="16" font-weight="bold" ${FONT}>${esc(
      `Leave-last-out on ${report.dataset}: ${report.users} users, ${report.items} candidate films, ties count against`,
    )}</text>`,
  );

  // Panel 1: grouped bars.
  const x1 = 60;
  const w1 = 480;
  let max1 = 0;
  for (const n of names) max1 = Math.max(max1, report.models[n]!["hr@10"], report.models[n]!["ndcg@10"]);
  max1 = axisMax(max1);
  parts.push(...yAxis(x1, top, plotH, w1, max1));
  const group = w1 / Math.max(1, names.length);
  const bar = Math.min(22, group / 2.6);
  names.forEach((n, i) => {
    const m = report.models[n]!;
    const cx = x1 + group * i + group / 2;
    (["hr@10", "ndcg@10"] as const).forEach((metric, k) => {
      const v = m[metric];
      const h = (v / max1) * plotH;
      const bx = cx - bar + k * bar;
      const fill = k === 0 ? "#4e79a7" : "#f28e2b";
      parts.push(
        `<rect x="${bx.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${fill}"><title>${esc(`${n} ${metric} ${fmt(v)}`)}</title></rect>`,
      );
      parts.push(
        `<text x="${(bx + bar / 2 - 1).toFixed(1)}" y="${(top + plotH - h - 4).toFixed(1)}" text-anchor="middle" font-size="9" ${FONT}>${fmt(v)}</text>`,
      );
    });
    parts.push(
      `<text x="${cx.toFixed(1)}" y="${top + plotH + 16}" text-anchor="end" font-size="11" transform="rotate(-30 ${cx.toFixed(1)} ${top + plotH + 16})" ${FONT}>${esc(n)}</text>`,
    );
  });
  parts.push(`<rect x="${x1 + 8}" y="${top - 22}" width="12" height="12" fill="#4e79a7"/>`);
  parts.push(`<text x="${x1 + 24}" y="${top - 12}" font-size="12" ${FONT}>HR@10</text>`);
  parts.push(`<rect x="${x1 + 84}" y="${top - 22}" width="12" height="12" fill="#f28e2b"/>`);
  parts.push(`<text x="${x1 + 100}" y="${top - 12}" font-size="12" ${FONT}>NDCG@10</text>`);

  // Panel 2: HR@10 by history length, one line per model.
  const x2 = 620;
  const w2 = 330;
  let max2 = 0;
  for (const n of names) for (const v of report.byHistory[n] ?? []) max2 = Math.max(max2, v);
  max2 = axisMax(max2);
  parts.push(...yAxis(x2, top, plotH, w2, max2));
  parts.push(
    `<text x="${x2}" y="${top - 12}" font-size="12" ${FONT}>HR@10 by films the user had rated (users per group)</text>`,
  );
  const nb = HISTORY_BUCKETS.length;
  const px = (b: number) => x2 + (w2 / nb) * (b + 0.5);
  HISTORY_BUCKETS.forEach((b, i) => {
    parts.push(
      `<text x="${px(i).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle" font-size="11" ${FONT}>${esc(b.label)}</text>`,
    );
    parts.push(
      `<text x="${px(i).toFixed(1)}" y="${top + plotH + 30}" text-anchor="middle" font-size="10" fill="#666" ${FONT}>(${report.usersByHistory[i] ?? 0})</text>`,
    );
  });
  names.forEach((n, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const values = report.byHistory[n] ?? [];
    const points = values.map(
      (v, b) => `${px(b).toFixed(1)},${(top + plotH - (v / max2) * plotH).toFixed(1)}`,
    );
    const dash = n === "blend" ? "" : ' stroke-dasharray="5 3"';
    parts.push(
      `<polyline points="${points.join(" ")}" fill="none" stroke="${color}" stroke-width="${n === "blend" ? 3 : 1.6}"${dash}><title>${esc(n)}</title></polyline>`,
    );
    for (const p of points) {
      const [cx, cy] = p.split(",");
      parts.push(`<circle cx="${cx}" cy="${cy}" r="2.5" fill="${color}"/>`);
    }
    const ly = top + 6 + i * 18;
    parts.push(
      `<line x1="${x2 + w2 + 20}" y1="${ly}" x2="${x2 + w2 + 40}" y2="${ly}" stroke="${color}" stroke-width="${n === "blend" ? 3 : 1.6}"${dash}/>`,
    );
    parts.push(`<text x="${x2 + w2 + 46}" y="${ly + 4}" font-size="12" ${FONT}>${esc(n)}</text>`);
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
