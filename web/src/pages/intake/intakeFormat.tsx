// Small formatting pieces of the intake console: times as "5 min ago" (exact time on hover),
// a failure's class, money by currency.
import type { IntakeClass } from '../../api/intake';

export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 0) return 'in the future';
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

export function When({ at }: { at: string | null | undefined }) {
  if (!at) return <span className="muted">—</span>;
  return (
    <time dateTime={at} title={new Date(at).toLocaleString()}>
      {relative(at)}
    </time>
  );
}

const CLASS_BADGE: Record<IntakeClass, string> = { permanent: 'bad', transient: 'warn', unresolved: 'warn' };

export function ClassBadge({ c }: { c: IntakeClass }) {
  return <span className={`badge ${CLASS_BADGE[c]}`}>{c}</span>;
}

export function Amounts({ value }: { value: Record<string, string> }) {
  const entries = Object.entries(value);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <span className="money">
      {entries.map(([cur, amount]) => `${amount} ${cur}`).join(' + ')}
    </span>
  );
}

/** The position a parse error names ("line 1, column 36"), if any. */
export function errorPosition(message: string): { line: number; column: number } | null {
  const m = /line (\d+), column (\d+)/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}
