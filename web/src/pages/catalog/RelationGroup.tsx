// One relation type on a product page: its links in served order. A product dropped here (or
// linked with the keyboard) becomes a link of this type; links are dragged (or moved with the
// arrow buttons) to pin them in a new order. Every refusal is shown here, in the server's words.
import { useEffect, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { Link } from 'react-router';
import type { RelationType } from '../../api/types';
import { ErrorNote, OriginBadge } from '../../ui/bits';
import { LINK_MIME, PRODUCT_MIME, carries, startDrag } from '../../ui/dnd';
import { moved, type LinkRow } from './linkRows';

interface Props {
  type: RelationType;
  rows: LinkRow[];
  editable: boolean;
  busy: boolean;
  error: string | null;
  onLink: (target: string) => void;
  onReorder: (ids: number[]) => void;
  onRemove: (row: LinkRow) => void;
}

export function RelationGroup({ type, rows, editable, busy, error, onLink, onReorder, onRemove }: Props) {
  const [over, setOver] = useState<'product' | number | null>(null);
  const stored = rows.filter((r) => r.link !== null);
  const ids = stored.map((r) => r.link?.id ?? -1);
  const headingId = `group-${type.name}`;

  // After a keyboard move the list reloads; focus returns to the moved link's button, so ↑ can
  // be pressed again.
  const sectionRef = useRef<HTMLElement>(null);
  const refocus = useRef<{ target: string; dir: 'up' | 'down' } | null>(null);
  useEffect(() => {
    const want = refocus.current;
    if (busy || !want || !sectionRef.current) return;
    const button = (dir: string) =>
      sectionRef.current?.querySelector<HTMLButtonElement>(
        `button[aria-label="${CSS.escape(`Move ${want.target} ${dir}`)}"]`,
      );
    const b = button(want.dir);
    const target = b && !b.disabled ? b : button(want.dir === 'up' ? 'down' : 'up');
    if (target && !target.disabled) {
      target.focus();
      refocus.current = null;
    }
  }, [rows, busy]);

  function move(target: string, dir: 'up' | 'down', index: number) {
    refocus.current = { target, dir };
    onReorder(moved(ids, index, dir === 'up' ? index - 1 : index + 1));
  }

  function accepts(e: DragEvent): boolean {
    return editable && !busy && (carries(e, PRODUCT_MIME) || carries(e, LINK_MIME));
  }

  function dropOnGroup(e: DragEvent) {
    e.preventDefault();
    setOver(null);
    const sku = e.dataTransfer.getData(PRODUCT_MIME);
    if (sku) onLink(sku);
  }

  function dropOnRow(e: DragEvent, index: number) {
    if (!carries(e, LINK_MIME)) return; // a product: the group handles it
    e.preventDefault();
    e.stopPropagation();
    setOver(null);
    const id = Number(e.dataTransfer.getData(LINK_MIME));
    const from = ids.indexOf(id);
    if (from < 0 || from === index) return; // a link of another group, or no move
    onReorder(moved(ids, from, index));
  }

  return (
    <section
      ref={sectionRef}
      className={`panel group${over === 'product' ? ' drop-target' : ''}`}
      aria-labelledby={headingId}
      data-type={type.name}
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        if (carries(e, PRODUCT_MIME)) setOver('product');
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(null);
      }}
      onDrop={dropOnGroup}
    >
      <header className="group-header">
        <h3 id={headingId}>
          <span className="type-name">{type.name.replace(/_/g, ' ')}</span>{' '}
          <span className="muted small">
            ({stored.length} link{stored.length === 1 ? '' : 's'}
            {rows.length > stored.length ? `, ${rows.length - stored.length} from rules` : ''})
          </span>
        </h3>
        <span className="muted small">
          weight {type.weight} · {type.directed ? 'directed' : 'symmetric'}
          {type.acyclic ? ' · acyclic' : ''}
          {type.max_per_product ? ` · at most ${type.max_per_product}` : ''}
        </span>
      </header>
      <ErrorNote>{error}</ErrorNote>
      {rows.length === 0 ? (
        <p className="muted small drop-hint">
          {editable ? 'No links yet. Drop a product here to link it.' : 'No links.'}
        </p>
      ) : (
        <ol className="links">
          {rows.map((row) => {
            const index = row.link ? ids.indexOf(row.link.id) : -1;
            const canMove = editable && row.link !== null && !busy;
            return (
              <li
                key={row.key}
                className={`link-row${over === index && index >= 0 ? ' drop-before' : ''}`}
                data-target={row.target}
                draggable={canMove}
                onDragStart={(e) => {
                  if (row.link) startDrag(e, LINK_MIME, String(row.link.id));
                }}
                onDragOver={(e) => {
                  if (!canMove || !carries(e, LINK_MIME)) return;
                  e.preventDefault();
                  setOver(index);
                }}
                onDrop={(e) => {
                  dropOnRow(e, index);
                }}
              >
                <div className="link-main">
                  {canMove && (
                    <span className="drag-handle" title="Drag to reorder" aria-hidden="true">
                      ⠿
                    </span>
                  )}
                  <span className="link-pos">{row.position ? `#${row.position}` : ''}</span>
                  <Link to={`/catalog/${encodeURIComponent(row.target)}`}>{row.target}</Link>
                  {row.name && <span className="link-name">{row.name}</span>}
                  <OriginBadge origin={row.origin} />
                  {row.position !== null && <span className="badge warn">pinned</span>}
                  {row.inStock === false && <span className="badge bad">out of stock: not served</span>}
                  {row.weight !== null && <span className="muted small">weight {row.weight}</span>}
                  {editable && row.link && (
                    <span className="link-actions small">
                      <button
                        type="button"
                        aria-label={`Move ${row.target} up`}
                        disabled={!canMove || index <= 0}
                        onClick={() => {
                          move(row.target, 'up', index);
                        }}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        aria-label={`Move ${row.target} down`}
                        disabled={!canMove || index >= ids.length - 1}
                        onClick={() => {
                          move(row.target, 'down', index);
                        }}
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Remove link to ${row.target}`}
                        disabled={busy}
                        onClick={() => {
                          onRemove(row);
                        }}
                      >
                        Remove
                      </button>
                    </span>
                  )}
                </div>
                {row.explanation && <p className="explain">{row.explanation}</p>}
              </li>
            );
          })}
        </ol>
      )}
      {editable && rows.length > 0 && (
        <p className="muted small drop-hint">Drop a product here to link it as {type.name}.</p>
      )}
    </section>
  );
}
