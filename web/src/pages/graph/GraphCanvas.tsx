// The React Flow view of a merged graph. Node and edge types are module constants (React Flow
// re-mounts everything if they change); nodes and edges are rebuilt only when the data changes.
import { useEffect, useMemo, useState } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  useReactFlow,
  type Edge,
  type EdgeTypes,
  type NodeChange,
  type NodeTypes,
  type XYPosition,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { RelationType } from '../../api/types';
import { FloatingEdge } from './FloatingEdge';
import {
  ORIGIN_DASH,
  PROBLEM_COLOUR,
  categoryColours,
  originKind,
  radialLayout,
  strokeWidth,
  topCategory,
  typeColour,
  type GraphData,
} from './graphModel';
import { ProductNode, type ProductFlowNode } from './ProductNode';

const nodeTypes: NodeTypes = { product: ProductNode };
const edgeTypes: EdgeTypes = { floating: FloatingEdge };

interface Props {
  data: GraphData;
  types: RelationType[];
  expanded: ReadonlySet<string>;
  selected: string | null;
  /** Products to outline (a finding's). */
  flagged?: string[];
  /** A product was chosen: clicked, or focused and Enter pressed. */
  onSelect: (sku: string) => void;
}

export function GraphCanvas({ data, types, expanded, selected, flagged, onSelect }: Props) {
  const colours = useMemo(() => categoryColours(data.nodes.values()), [data]);
  const positions = useMemo(() => radialLayout(data), [data]);
  // Where the user dragged nodes to; everything else stays where the layout put it.
  const [dragged, setDragged] = useState<ReadonlyMap<string, XYPosition>>(new Map());

  function onNodesChange(changes: NodeChange<ProductFlowNode>[]) {
    let next: Map<string, XYPosition> | null = null;
    for (const c of changes) {
      // React Flow selects on click and on Enter/Space; selection is ours (the `selected` prop).
      if (c.type === 'select' && c.selected) onSelect(c.id);
      if (c.type === 'position' && c.position) {
        next ??= new Map(dragged);
        next.set(c.id, c.position);
      }
    }
    if (next) setDragged(next);
  }

  // Node objects keep their identity unless something about them changed, so that dragging one
  // product (or selecting, expanding) re-renders that product, not all 500.
  const laidOut = useMemo<ProductFlowNode[]>(
    () =>
      [...data.nodes.values()].map((n) => ({
        id: n.sku,
        type: 'product',
        position: positions.get(n.sku) ?? { x: 0, y: 0 },
        selected: false,
        data: {
          node: n,
          colour: colours.get(topCategory(n.category)) ?? '#ddd',
          root: n.sku === data.root,
          expanded: false,
          flagged: false,
        },
        ariaLabel: `${n.sku} ${n.name}`,
      })),
    [data, positions, colours],
  );
  const nodes = useMemo<ProductFlowNode[]>(
    () =>
      laidOut.map((n) => {
        const moved = dragged.get(n.id);
        const isSelected = n.id === selected;
        const isExpanded = expanded.has(n.id);
        const isFlagged = flagged?.includes(n.id) ?? false;
        if (!moved && !isSelected && !isExpanded && !isFlagged) return n;
        return {
          ...n,
          position: moved ?? n.position,
          selected: isSelected,
          data:
            isExpanded || isFlagged ? { ...n.data, expanded: isExpanded, flagged: isFlagged } : n.data,
        };
      }),
    [laidOut, dragged, selected, expanded, flagged],
  );

  // Fit the whole picture again when an expansion adds products (once they are measured).
  const flow = useReactFlow();
  const count = data.nodes.size;
  useEffect(() => {
    const t = setTimeout(() => {
      void flow.fitView({ padding: 0.15, duration: 250 });
    }, 60);
    return () => {
      clearTimeout(t);
    };
  }, [count, flow]);

  const edges = useMemo<Edge[]>(() => {
    const directed = new Map(types.map((t) => [t.name, t.directed]));
    return [...data.edges.entries()].map(([key, e]) => {
      const problem = e.cycle || e.contradiction;
      const colour = problem ? PROBLEM_COLOUR : typeColour(e.type);
      return {
        id: key,
        source: e.source,
        target: e.target,
        type: 'floating',
        animated: problem,
        markerEnd:
          e.symmetric || directed.get(e.type) === false
            ? undefined
            : { type: MarkerType.ArrowClosed, color: colour, width: 16, height: 16 },
        style: {
          stroke: colour,
          strokeWidth: strokeWidth(e.weight) + (problem ? 1.5 : 0),
          strokeDasharray: ORIGIN_DASH[originKind(e.origin)],
          strokeLinecap: 'round',
          opacity: e.live ? 1 : 0.35,
        },
        ariaLabel: `${e.source} ${e.type} ${e.target} (${e.origin}${e.live ? '' : ', outside its schedule'})`,
        data: { origin: e.origin },
      };
    });
  }, [data, types]);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      nodesConnectable={false}
      nodesDraggable
      selectNodesOnDrag={false}
      edgesFocusable={false}
      fitView
      fitViewOptions={{ padding: 0.15 }}
      minZoom={0.02}
      maxZoom={2}
      // Measured at 500 nodes / 1,000 edges: rendering only the visible elements made panning
      // slower (React re-renders as the visible set changes), and exports would miss nodes.
      onlyRenderVisibleElements={false}
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={24} color="#e3e6ec" />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
