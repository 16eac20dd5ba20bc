// A straight edge from border to border of its two nodes (React Flow's "floating edges"
// example), so a radial layout needs no fixed handle sides and arrowheads stay visible.
import { memo } from 'react';
import { BaseEdge, useInternalNode, type EdgeProps, type InternalNode } from '@xyflow/react';

function centre(n: InternalNode) {
  const w = n.measured.width ?? 0;
  const h = n.measured.height ?? 0;
  return { x: n.internals.positionAbsolute.x + w / 2, y: n.internals.positionAbsolute.y + h / 2, w, h };
}

/** Where the line from a's centre towards b's centre leaves a's box. */
function border(a: InternalNode, b: InternalNode) {
  const p = centre(a);
  const q = centre(b);
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  if (dx === 0 && dy === 0) return { x: p.x, y: p.y };
  const sx = p.w / 2 / Math.abs(dx || 1e-9);
  const sy = p.h / 2 / Math.abs(dy || 1e-9);
  const s = Math.min(sx, sy);
  return { x: p.x + dx * s, y: p.y + dy * s };
}

function FloatingEdgeImpl({ id, source, target, markerEnd, style, animated }: EdgeProps) {
  const s = useInternalNode(source);
  const t = useInternalNode(target);
  if (!s || !t) return null;
  const a = border(s, t);
  const b = border(t, s);
  const path = `M ${a.x},${a.y} L ${b.x},${b.y}`;
  return (
    <BaseEdge
      id={id}
      path={path}
      markerEnd={markerEnd}
      style={style}
      className={animated ? 'edge-problem' : undefined}
    />
  );
}

export const FloatingEdge = memo(FloatingEdgeImpl);
