// Formatting and sorting for the suggestions inbox (pure).
import type { MinedSuggestion } from '../../api/suggestions';

/** "just now", "5 min ago", "3 h ago", "2 days ago" from Unix seconds. */
export function ago(unixSeconds: number, now = Date.now()): string {
  if (!unixSeconds) return '';
  const s = Math.max(0, Math.round(now / 1000 - unixSeconds));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

export const percent = (x: number) => `${(x * 100).toFixed(x >= 0.1 ? 0 : 1)}%`;

export type SortKey = 'confidence' | 'lift' | 'support' | 'together' | 'newest';

export const SORTS: { key: SortKey; label: string }[] = [
  { key: 'confidence', label: 'confidence' },
  { key: 'lift', label: 'lift' },
  { key: 'together', label: 'orders together' },
  { key: 'support', label: 'support' },
  { key: 'newest', label: 'newest' },
];

export function sortSuggestions(items: MinedSuggestion[], key: SortKey): MinedSuggestion[] {
  const value = (x: MinedSuggestion): number =>
    key === 'newest' ? x.id : key === 'together' ? x.evidence.together : x.evidence[key];
  return [...items].sort((a, b) => value(b) - value(a) || b.evidence.together - a.evidence.together || a.id - b.id);
}

export function isSortKey(s: string | null): s is SortKey {
  return SORTS.some((x) => x.key === s);
}
