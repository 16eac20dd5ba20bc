// PNG and SVG export of the whole graph, as React Flow's docs do it: render the viewport element
// with html-to-image, transformed so that every node's bounds fit the image.
import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';

export async function exportGraph(format: 'png' | 'svg', nodes: Node[], fileStem: string) {
  const el = document.querySelector<HTMLElement>('.graph-canvas .react-flow__viewport');
  if (!el) throw new Error('the graph is not on the page');
  const bounds = getNodesBounds(nodes);
  const width = Math.round(Math.min(4000, Math.max(800, bounds.width * 1.1)));
  const height = Math.round(Math.min(4000, Math.max(600, bounds.height * 1.1)));
  const vp = getViewportForBounds(bounds, width, height, 0.05, 2, 0.05);
  const options = {
    backgroundColor: '#ffffff',
    width,
    height,
    style: {
      width: `${width}px`,
      height: `${height}px`,
      transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})`,
    },
  };
  const url = format === 'png' ? await toPng(el, options) : await toSvg(el, options);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${fileStem}.${format}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
