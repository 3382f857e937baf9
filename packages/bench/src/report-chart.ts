import { formatValue } from "./report-table.js";
import type { BenchReport } from "./run-bench.js";

const PALETTE = ["#2563eb", "#0891b2", "#7c3aed", "#db2777", "#ea580c", "#65a30d", "#ca8a04", "#475569", "#dc2626"];

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The throughput scenarios as one SVG: a group of horizontal bars per scenario, one bar per
 * system, each group scaled to its own maximum (insert and process rates differ by orders of
 * magnitude), with the median printed at the bar's end and a min–max whisker.
 */
export function renderChart(report: BenchReport): string {
  const scenarios = report.scenarios.filter((s) => s.throughput);
  const systems = report.systems.filter(
    (s) => !s.skipped && report.cells.some((c) => c.system === s.id && scenarios.some((sc) => sc.id === c.scenario)),
  );
  const barH = 14;
  const gap = 4;
  const groupGap = 22;
  const labelW = 150;
  const plotW = 460;
  const valueW = 70;
  const legendH = 18 * Math.ceil(systems.length / 3) + 10;
  const top = 40 + legendH;
  const groupH = systems.length * (barH + gap) + groupGap;
  const width = labelW + plotW + valueW + 20;
  const height = top + scenarios.length * groupH + 10;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
  );
  parts.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  parts.push(
    `<text x="10" y="20" font-size="14" font-weight="600">${escapeXml(`Throughput, jobs/s (median of ${report.repetitions}, ${report.startedAt.slice(0, 10)})`)}</text>`,
  );
  systems.forEach((sys, i) => {
    const x = 10 + (i % 3) * 230;
    const y = 34 + Math.floor(i / 3) * 18;
    parts.push(`<rect x="${x}" y="${y}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/>`);
    parts.push(`<text x="${x + 16}" y="${y + 10}">${escapeXml(sys.label)}</text>`);
  });
  scenarios.forEach((sc, g) => {
    const y0 = top + g * groupH;
    const cells = systems.map((sys) => report.cells.find((c) => c.scenario === sc.id && c.system === sys.id));
    const max = Math.max(1, ...cells.map((c) => (c ? c.summary.max : 0)));
    const scale = (v: number) => (Number.isFinite(v) ? (v / max) * plotW : 0);
    parts.push(
      `<text x="10" y="${y0 + (systems.length * (barH + gap)) / 2 + 4}" font-weight="600">${escapeXml(sc.title)}</text>`,
    );
    cells.forEach((cell, i) => {
      const y = y0 + i * (barH + gap);
      const color = PALETTE[i % PALETTE.length];
      if (!cell) {
        parts.push(`<text x="${labelW + 4}" y="${y + barH - 3}" fill="#94a3b8">not run</text>`);
        return;
      }
      const { median, min, max: hi } = cell.summary;
      parts.push(`<rect x="${labelW}" y="${y}" width="${scale(median).toFixed(1)}" height="${barH}" fill="${color}"/>`);
      if (cell.summary.n > 1) {
        const wy = y + barH / 2;
        parts.push(
          `<line x1="${(labelW + scale(min)).toFixed(1)}" x2="${(labelW + scale(hi)).toFixed(1)}" y1="${wy}" y2="${wy}" stroke="#111" stroke-width="1"/>`,
        );
      }
      parts.push(
        `<text x="${(labelW + scale(Math.max(median, hi)) + 4).toFixed(1)}" y="${y + barH - 3}">${formatValue(median)}</text>`,
      );
    });
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
