// Charts in plain SVG (ADR 0015: no charting library for a few lines and bars). Each chart is a figure
// with a caption, colours from the style sheet (series classes), and its numbers in a table for screen
// readers; a month without a stored report is a gap, not a zero.
export interface Series {
  name: string;
  /** A class of style.css: red, yellow, blue, ink, accent, muted. */
  tone: string;
  values: (number | null)[];
}

/** What every chart takes: its id, its caption (also the caption of its data table), labels and series. */
interface ChartProps {
  id: string;
  caption: string;
  labels: string[];
  series: Series[];
}

/** The top of the value axis: a round number above every value shown. */
const scaleOf = (series: Series[]) =>
  niceMax(series.flatMap((s) => s.values.filter((v): v is number => v !== null)));

// A narrow drawing, so its 12-unit text stays readable on a 360 px phone; capped in width on a desk.
const width = 420;
const height = 170;
const left = 40;
const bottom = 24;
const top = 10;
/** Room for the last month's label, centred on the right edge of the drawing. */
const right = 22;

/** The smallest of 1, 2, 5 × 10ⁿ at or above the largest value (at least 4). */
function niceMax(values: number[]): number {
  const max = Math.max(4, ...values);
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((n) => n >= max) ?? max;
}

function DataTable({ caption, labels, series }: { caption: string; labels: string[]; series: Series[] }) {
  return (
    <table class="sr-only">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">月份</th>
          {series.map((s) => (
            <th key={s.name} scope="col">
              {s.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labels.map((label, i) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {series.map((s) => (
              <td key={s.name}>{s.values[i] ?? '—'}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Legend({ series }: { series: Series[] }) {
  return (
    <ul class="legend" aria-hidden="true">
      {series.map((s) => (
        <li key={s.name}>
          <span class={`swatch ${s.tone}`} />
          {s.name}
        </li>
      ))}
    </ul>
  );
}

/** Lines over months (labels `YYYY-MM`). */
export function LineChart({ id, caption, labels, series }: ChartProps) {
  const max = scaleOf(series);
  const x = (i: number) => left + ((width - left - right) * i) / Math.max(1, labels.length - 1);
  const y = (v: number) => height - bottom - ((height - bottom - top) * v) / max;
  // A line is broken where a month has no value.
  const segments = (values: (number | null)[]) => {
    const runs: string[] = [];
    let run: string[] = [];
    values.forEach((v, i) => {
      if (v === null) {
        if (run.length) runs.push(run.join(' '));
        run = [];
      } else run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    });
    if (run.length) runs.push(run.join(' '));
    return runs;
  };
  return (
    <figure class="chart">
      <figcaption id={id}>{caption}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={id}>
        <title>{caption}</title>
        {(max % 2 === 0 ? [0, max / 2, max] : [0, max]).map((v) => (
          <g key={v}>
            <line class="grid" x1={left} x2={width - right} y1={y(v)} y2={y(v)} />
            <text class="axis" x={left - 6} y={y(v) + 4} text-anchor="end">
              {v}
            </text>
          </g>
        ))}
        {labels.map((label, i) =>
          (labels.length - 1 - i) % 2 === 0 || labels.length <= 6 ? (
            <text key={label} class="axis" x={x(i)} y={height - 6} text-anchor="middle">
              {Number(label.slice(5))}月
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <g key={s.name} class={`series ${s.tone}`}>
            {segments(s.values).map((points) => (
              <polyline key={points} points={points} />
            ))}
            {s.values.map((v, i) =>
              v === null ? null : <circle key={labels[i]} cx={x(i)} cy={y(v)} r={3} />,
            )}
          </g>
        ))}
      </svg>
      <Legend series={series} />
      <DataTable caption={caption} labels={labels} series={series} />
    </figure>
  );
}

/** Pairs of horizontal bars, one row per unit (e.g. overdue visits and escalated cases per village). */
export function BarRows({ id, caption, labels, series }: ChartProps) {
  const max = scaleOf(series);
  const row = 14 * series.length + 10;
  const chartHeight = row * labels.length + 20;
  const labelWidth = 84;
  const w = (v: number) => ((width - labelWidth - 40) * v) / max;
  return (
    <figure class="chart">
      <figcaption id={id}>{caption}</figcaption>
      <svg viewBox={`0 0 ${width} ${chartHeight}`} role="img" aria-labelledby={id}>
        <title>{caption}</title>
        {labels.map((label, i) => (
          <g key={label}>
            <text class="axis" x={labelWidth - 6} y={i * row + 8 + 7 * series.length} text-anchor="end">
              {label}
            </text>
            {series.map((s, j) => {
              const v = s.values[i] ?? 0;
              return (
                <g key={s.name} class={`series ${s.tone}`}>
                  <rect x={labelWidth} y={i * row + 4 + 14 * j} width={Math.max(1, w(v))} height={11} />
                  <text class="axis" x={labelWidth + w(v) + 4} y={i * row + 13 + 14 * j}>
                    {v}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <Legend series={series} />
      <DataTable caption={caption} labels={labels} series={series} />
    </figure>
  );
}
