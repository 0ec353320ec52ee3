import { svg } from "../lib/dom.js";
import { formatYuan } from "../lib/money.js";

/**
 * Year-by-year amounts of a multi-year subsidy as a small bar chart. Built
 * from SVG presentation attributes only (no style attributes: strict CSP).
 */
export function scheduleChart(schedule: { label: string; yuan: number }[]): SVGElement {
  const W = 320;
  const H = 132;
  const top = 22;
  const bottom = 24;
  const gap = 16;
  const n = schedule.length;
  const barW = Math.min(64, (W - gap * (n + 1)) / n);
  const max = Math.max(...schedule.map((s) => s.yuan), 1);
  const total = schedule.reduce((sum, s) => sum + s.yuan, 0);
  const summary = schedule.map((s) => `${s.label}${formatYuan(s.yuan)}`).join("，");
  const startX = (W - (n * barW + (n - 1) * gap)) / 2;

  const bars = schedule.map((s, i) => {
    const x = startX + i * (barW + gap);
    const hgt = Math.max(2, ((H - top - bottom) * s.yuan) / max);
    const y = H - bottom - hgt;
    return svg(
      "g",
      null,
      svg("rect", { class: "bar", x, y, width: barW, height: hgt, rx: 3 }),
      svg("text", { class: "bar-value", x: x + barW / 2, y: y - 6, "text-anchor": "middle" }, formatYuan(s.yuan)),
      svg("text", { class: "bar-label", x: x + barW / 2, y: H - 6, "text-anchor": "middle" }, s.label),
    );
  });

  return svg(
    "svg",
    {
      class: "schedule-chart",
      viewBox: `0 0 ${W} ${H}`,
      role: "img",
      "aria-label": `分年度资助：${summary}；合计${formatYuan(total)}`,
      focusable: "false",
    },
    svg("line", { class: "axis", x1: 0, x2: W, y1: H - bottom, y2: H - bottom }),
    bars,
  );
}
