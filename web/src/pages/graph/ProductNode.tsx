// A product on the graph: SKU and name on its top-level category's colour. Handles are hidden
// (edges float from border to border) but React Flow needs them to exist.
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { GraphNode } from '../../api/types';

export type ProductNodeData = {
  node: GraphNode;
  colour: string;
  root: boolean;
  expanded: boolean;
  /** One of the products of the finding being looked at. */
  flagged: boolean;
};

export type ProductFlowNode = Node<ProductNodeData, 'product'>;

function ProductNodeImpl({ data, selected }: NodeProps<ProductFlowNode>) {
  const { node, colour, root, expanded, flagged } = data;
  const out = !node.in_stock;
  return (
    <div
      className={`gnode${root ? ' root' : ''}${selected ? ' selected' : ''}${out ? ' out' : ''}${
        flagged ? ' flagged' : ''
      }`}
      style={{ background: colour }}
      title={`${node.sku}: ${node.name}\n${node.category} · ${node.brand} · ${node.price} ${node.currency}${
        out ? '\nout of stock' : ''
      }\n${expanded ? 'expanded' : 'click to expand its neighbours'}`}
    >
      <Handle type="target" position={Position.Top} className="ghandle" isConnectable={false} />
      <div className="gnode-sku">
        {node.sku}
        {!expanded && <span className="gnode-more" aria-hidden="true"> +</span>}
      </div>
      <div className="gnode-name">{node.name}</div>
      <Handle type="source" position={Position.Bottom} className="ghandle" isConnectable={false} />
    </div>
  );
}

export const ProductNode = memo(ProductNodeImpl);
