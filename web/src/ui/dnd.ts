// Native HTML5 drag and drop payloads. A product dragged from a picker carries its SKU; a link
// dragged within its type group carries its relationship id. dragover can read only the types,
// so the type says what is being dragged.
import type { DragEvent } from 'react';

export const PRODUCT_MIME = 'application/x-affinity-sku';
export const LINK_MIME = 'application/x-affinity-link';

export function startDrag(e: DragEvent, mime: string, value: string) {
  e.dataTransfer.setData(mime, value);
  e.dataTransfer.setData('text/plain', value);
  e.dataTransfer.effectAllowed = mime === PRODUCT_MIME ? 'copy' : 'move';
}

export function carries(e: DragEvent, mime: string): boolean {
  return Array.from(e.dataTransfer.types).includes(mime);
}
