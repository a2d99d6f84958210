// Hand-written SVG line charts: no chart library to ship or to keep up to date.
const SVG = 'http://www.w3.org/2000/svg';
const COLORS = ['#1f5fbf', '#b3261e', '#1b7f3a', '#8a4baf', '#c77700', '#00838f', '#5d4037', '#c2185b'];

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text != null) node.textContent = String(text);
  return node;
}

function ticks(min, max, count = 5) {
  if (min === max) return [min];
  const step = (max - min) / (count - 1);
  return Array.from({ length: count }, (_, i) => min + i * step);
}

const short = (v) => (Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());

/**
 * series: [{name, points: [{x, y}], dashed}]; options: {title, xLabel, yLabel, logX, width, height}.
 * Returns an <svg> with one polyline and markers per series, axes with ticks, and a legend.
 */
export function lineChart(series, { title = '', xLabel = '', yLabel = '', logX = false, width = 560, height = 280, id } = {}) {
  const m = { left: 58, right: 12, top: 24, bottom: 40 };
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title });
  if (id) root.id = id;
  root.append(svg('text', { x: m.left, y: 16, class: 'chart-title' }, title));
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  root.dataset.points = String(all.length);
  if (all.length === 0) {
    root.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'muted' }, 'no data yet'));
    return root;
  }
  const fx = logX ? Math.log2 : (v) => v;
  let [x0, x1] = [Math.min(...all.map((p) => fx(p.x))), Math.max(...all.map((p) => fx(p.x)))];
  let [y0, y1] = [Math.min(...all.map((p) => p.y)), Math.max(...all.map((p) => p.y))];
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  if (y0 === y1) { y0 -= Math.abs(y0) * 0.1 || 1; y1 += Math.abs(y1) * 0.1 || 1; }
  const pad = (y1 - y0) * 0.05;
  y0 -= pad; y1 += pad;
  const sx = (v) => m.left + ((fx(v) - x0) / (x1 - x0)) * (width - m.left - m.right);
  const sy = (v) => height - m.bottom - ((v - y0) / (y1 - y0)) * (height - m.top - m.bottom);

  const axes = svg('g', { class: 'axes' });
  axes.append(svg('line', { x1: m.left, y1: height - m.bottom, x2: width - m.right, y2: height - m.bottom }));
  axes.append(svg('line', { x1: m.left, y1: m.top, x2: m.left, y2: height - m.bottom }));
  for (const t of ticks(y0, y1)) {
    axes.append(svg('text', { x: m.left - 4, y: sy(t) + 4, 'text-anchor': 'end' }, short(t)));
    axes.append(svg('line', { x1: m.left, y1: sy(t), x2: width - m.right, y2: sy(t), class: 'grid' }));
  }
  const xTicks = logX ? [...new Set(all.map((p) => p.x))].sort((a, b) => a - b) : ticks(x0, x1).map((v) => v);
  for (const t of xTicks) {
    axes.append(svg('text', { x: sx(t), y: height - m.bottom + 14, 'text-anchor': 'middle' }, short(t)));
  }
  axes.append(svg('text', { x: (m.left + width - m.right) / 2, y: height - 6, 'text-anchor': 'middle' }, xLabel));
  axes.append(svg('text', { x: 12, y: (m.top + height - m.bottom) / 2, 'text-anchor': 'middle',
    transform: `rotate(-90 12 ${(m.top + height - m.bottom) / 2})` }, yLabel));
  root.append(axes);

  series.forEach((s, i) => {
    const color = s.color ?? COLORS[i % COLORS.length];
    const points = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
    const g = svg('g', { class: 'series', 'data-name': s.name });
    g.append(svg('polyline', { points: points.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' '), fill: 'none',
      stroke: color, 'stroke-width': 2, 'stroke-dasharray': s.dashed ? '5 4' : 'none' }));
    if (points.length <= 60) {
      for (const p of points) {
        const dot = svg('circle', { cx: sx(p.x), cy: sy(p.y), r: 3, fill: s.dashed ? 'white' : color, stroke: color });
        dot.append(svg('title', {}, `${s.name}: ${short(p.x)} → ${short(p.y)}`));
        g.append(dot);
      }
    }
    root.append(g);
    const ly = m.top + 4 + i * 14;
    root.append(svg('line', { x1: width - m.right - 150, y1: ly, x2: width - m.right - 134, y2: ly, stroke: color,
      'stroke-width': 2, 'stroke-dasharray': s.dashed ? '5 4' : 'none' }));
    root.append(svg('text', { x: width - m.right - 130, y: ly + 4, class: 'legend' }, s.name));
  });
  return root;
}
