// Small shared pieces: the problem text next to a control, money, stock, origin badges.
import type { ReactNode } from 'react';

export function ErrorNote({ children, id }: { children: ReactNode; id?: string }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <p className="error" role="alert" id={id}>
      {children}
    </p>
  );
}

export function Money({ amount, currency }: { amount: string | null | undefined; currency?: string | null }) {
  if (amount === null || amount === undefined || amount === '') return <span className="muted">—</span>;
  return (
    <span className="money">
      {amount} {currency ?? ''}
    </span>
  );
}

export function Stock({ stock, inStock }: { stock: number | null; inStock?: boolean }) {
  if (stock === null) return <span className="badge">not tracked</span>;
  const ok = inStock ?? stock > 0;
  return <span className={ok ? 'badge ok' : 'badge bad'}>{ok ? `${stock} in stock` : 'out of stock'}</span>;
}

/** manual | rule:<id> | mined:<job> | bundle, as a coloured badge. */
export function OriginBadge({ origin }: { origin: string }) {
  const kind = origin.split(':')[0] ?? origin;
  return <span className={`badge origin-${kind}`}>{origin}</span>;
}

export function Loading({ what }: { what?: string }) {
  return (
    <p className="muted" aria-live="polite">
      Loading{what ? ` ${what}` : ''}…
    </p>
  );
}

export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </header>
  );
}
