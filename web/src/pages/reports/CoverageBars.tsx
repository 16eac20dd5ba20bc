// A horizontal bar chart of coverage shares in inline SVG: one row per group (label, bar, percent
// and counts), the goal drawn as a dashed line across every row. Bars under the goal are amber.
// The numbers are in the text too (each row's <title>, and the figure's table for screen readers).
import { useId, type ReactNode } from 'react';

export interface Bar {
  label: string;
  coverage: number;
  covered: number;
  total?: number;
}

const ROW = 24;
const LABEL_W = 150;
const BAR_W = 200;
const VALUE_W = 100;
const WIDTH = LABEL_W + BAR_W + VALUE_W;
const TOP = 18;

export function percent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}

function shorten(s: string, max = 22): string {
  return s.length > max ? `…${s.slice(s.length - max + 1)}` : s;
}

interface Props {
  title: string;
  bars: Bar[];
  goal: number;
  /** A control beside the title (the category level). */
  option?: ReactNode;
}

export function CoverageBars({ title, bars, goal, option }: Props) {
  const titleId = useId();
  const height = TOP + bars.length * ROW + 4;
  const goalX = LABEL_W + BAR_W * goal;
  return (
    <figure className="coverage-chart" aria-labelledby={titleId} data-chart={title}>
      <div className="chart-head">
        <figcaption id={titleId} className="chart-title">
          {title}
        </figcaption>
        {option}
      </div>
      {bars.length === 0 ? (
        <p className="muted small">Nothing to show.</p>
      ) : (
        <svg
          width={WIDTH}
          height={height}
          viewBox={`0 0 ${WIDTH} ${height}`}
          aria-hidden="true"
          className="bars"
        >
          <text x={goalX} y={11} className="goal-label" textAnchor="middle">
            goal {percent(goal, 0)}
          </text>
          {bars.map((b, i) => {
            const y = TOP + i * ROW;
            const w = Math.max(0, Math.min(1, b.coverage)) * BAR_W;
            const below = b.coverage < goal;
            return (
              <g key={b.label} className={below ? 'bar below' : 'bar'} data-bar={b.label}>
                <title>
                  {`${b.label}: ${percent(b.coverage)} (${b.covered}${b.total !== undefined ? ` of ${b.total}` : ''} SKUs)`}
                </title>
                <text x={LABEL_W - 8} y={y + 15} textAnchor="end" className="bar-label">
                  {shorten(b.label)}
                </text>
                <rect x={LABEL_W} y={y + 3} width={BAR_W} height={ROW - 8} className="bar-track" rx={3} />
                <rect x={LABEL_W} y={y + 3} width={w} height={ROW - 8} className="bar-fill" rx={3} />
                <text x={LABEL_W + BAR_W + 8} y={y + 15} className="bar-value">
                  {percent(b.coverage)}
                  <tspan className="bar-count">
                    {b.total !== undefined ? ` ${b.covered}/${b.total}` : ` ${b.covered}`}
                  </tspan>
                </text>
              </g>
            );
          })}
          <line x1={goalX} x2={goalX} y1={TOP - 2} y2={height - 2} className="goal-line" />
        </svg>
      )}
      {/* A table ignores a 1px height: the hidden copy is wrapped so it takes no room. */}
      <div className="sr-only">
      <table>
        <thead>
          <tr>
            <th>{title}</th>
            <th>Coverage</th>
            <th>Covered SKUs</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <td>{b.label}</td>
              <td>{percent(b.coverage)}</td>
              <td>
                {b.covered}
                {b.total !== undefined ? ` of ${b.total}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
