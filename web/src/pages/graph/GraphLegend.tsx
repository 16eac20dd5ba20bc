import type { GraphNode } from '../../api/types';
import { ORIGIN_DASH, PROBLEM_COLOUR, categoryColours, typeColour, type OriginKind } from './graphModel';

interface Props {
  categories: string[];
  nodes: GraphNode[];
  types: string[];
}

const ORIGINS: [OriginKind, string][] = [
  ['manual', 'manual'],
  ['rule', 'rule'],
  ['mined', 'mined'],
];

function Line({ colour, dash, width = 2 }: { colour: string; dash?: string; width?: number }) {
  return (
    <svg width="36" height="10" aria-hidden="true">
      <line
        x1="2"
        y1="5"
        x2="34"
        y2="5"
        stroke={colour}
        strokeWidth={width}
        strokeDasharray={dash}
        strokeLinecap="round"
      />
    </svg>
  );
}

export function GraphLegend({ categories, nodes, types }: Props) {
  const colours = categoryColours(nodes);
  return (
    <section className="panel legend" aria-label="Legend">
      <h2>Legend</h2>
      <ul>
        {[...categories].sort().map((c) => (
          <li key={c}>
            <span className="swatch" style={{ background: colours.get(c) }} /> {c}
          </li>
        ))}
      </ul>
      <ul>
        {[...types].sort().map((t) => (
          <li key={t}>
            <Line colour={typeColour(t)} /> {t}
          </li>
        ))}
        {ORIGINS.map(([k, label]) => (
          <li key={k}>
            <Line colour="#555" dash={ORIGIN_DASH[k]} /> {label}
          </li>
        ))}
        <li>
          <Line colour={PROBLEM_COLOUR} width={3} /> cycle or contradiction
        </li>
        <li className="muted small">Thicker lines: higher weight.</li>
      </ul>
    </section>
  );
}
