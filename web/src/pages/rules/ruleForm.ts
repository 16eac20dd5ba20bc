// The rule editor's form and the rule body it stands for (pure functions). Numbers are kept as the
// text typed so a half-typed value is not lost; the server checks the ranges and names the field.
import type { RuleBody, RuleSchedule, RuleView } from '../../api/rules';

export type ScheduleKind = 'always' | 'window' | 'season';

export interface RuleForm {
  id: string;
  description: string;
  type: string;
  when: string;
  then: string;
  context: string;
  weight: string;
  priority: string;
  limit: string;
  enabled: boolean;
  scheduleKind: ScheduleKind;
  /** yyyy-mm-dd, from the first second of the day */
  from: string;
  /** yyyy-mm-dd, to the last second of the day */
  to: string;
  /** MM-DD, inclusive */
  seasonFrom: string;
  seasonTo: string;
}

export const EMPTY_RULE: RuleForm = {
  id: '',
  description: '',
  type: 'accessory',
  when: '',
  then: '',
  context: '',
  weight: '1',
  priority: '0',
  limit: '10',
  enabled: true,
  scheduleKind: 'always',
  from: '',
  to: '',
  seasonFrom: '11-01',
  seasonTo: '02-28',
};

const END_OF_DAY = 'T23:59:59Z';

function datePart(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

export function formOfRule(r: RuleView): RuleForm {
  const f: RuleForm = {
    ...EMPTY_RULE,
    id: r.id,
    description: r.description ?? '',
    type: r.type,
    when: r.when,
    then: r.then,
    context: r.context ?? '',
    weight: String(r.weight),
    priority: String(r.priority),
    limit: String(r.limit),
    enabled: r.enabled,
  };
  const s = r.schedule;
  if (s && 'recurring' in s) {
    const [a, b] = s.recurring.split('/');
    f.scheduleKind = 'season';
    f.seasonFrom = a ?? EMPTY_RULE.seasonFrom;
    f.seasonTo = b ?? EMPTY_RULE.seasonTo;
  } else if (s) {
    f.scheduleKind = 'window';
    f.from = datePart(s.from);
    f.to = datePart(s.to);
  }
  return f;
}

function num(text: string): number {
  const t = text.trim();
  return t === '' ? Number.NaN : Number(t);
}

export function scheduleOfForm(f: RuleForm): RuleSchedule | undefined {
  if (f.scheduleKind === 'season') return { recurring: `${f.seasonFrom}/${f.seasonTo}` };
  if (f.scheduleKind === 'window') {
    const s: { from?: string; to?: string } = {};
    if (f.from) s.from = f.from;
    if (f.to) s.to = f.to + END_OF_DAY;
    return s.from || s.to ? s : undefined;
  }
  return undefined;
}

/** The body to validate and save. A number that is not one is sent as NaN -> null, and refused. */
export function bodyOfForm(f: RuleForm): RuleBody {
  const body: RuleBody = {
    id: f.id.trim() || 'draft',
    type: f.type,
    when: f.when,
    then: f.then,
    weight: num(f.weight),
    priority: num(f.priority),
    limit: num(f.limit),
    enabled: f.enabled,
  };
  if (f.context.trim()) body.context = f.context;
  const schedule = scheduleOfForm(f);
  if (schedule) body.schedule = schedule;
  if (f.description.trim()) body.description = f.description.trim();
  return body;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function monthDayText(md: string): string {
  const [m, d] = md.split('-').map(Number);
  return `${MONTHS[(m ?? 1) - 1] ?? '?'} ${d ?? '?'}`;
}

/** "always", "Nov 1 – Feb 28 every year", "from 2026-11-01 until 2026-12-31" */
export function scheduleText(s: RuleSchedule | null | undefined): string {
  if (!s) return 'always';
  if ('recurring' in s) {
    const [a, b] = s.recurring.split('/');
    return `${monthDayText(a ?? '')} – ${monthDayText(b ?? '')} every year`;
  }
  const parts: string[] = [];
  if (s.from) parts.push(`from ${datePart(s.from)}`);
  if (s.to) parts.push(`until ${datePart(s.to)}`);
  return parts.join(' ') || 'always';
}

/** Whether the schedule covers `now` (UTC), as Schedule::IsActive decides. */
export function scheduleActive(s: RuleSchedule | null | undefined, now = new Date()): boolean {
  if (!s) return true;
  if ('recurring' in s) {
    const [a, b] = s.recurring.split('/');
    const md = (x: string | undefined) => {
      const [m, d] = (x ?? '').split('-').map(Number);
      return (m ?? 0) * 100 + (d ?? 0);
    };
    const today = (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
    const lo = md(a);
    const hi = md(b);
    return lo <= hi ? today >= lo && today <= hi : today >= lo || today <= hi;
  }
  const t = now.getTime();
  if (s.from && t < Date.parse(s.from)) return false;
  if (s.to && t > Date.parse(s.to)) return false;
  return true;
}

export const SEASON_PRESETS: { label: string; from: string; to: string }[] = [
  { label: 'Winter', from: '11-01', to: '02-28' },
  { label: 'Spring', from: '03-01', to: '05-31' },
  { label: 'Summer', from: '06-01', to: '08-31' },
  { label: 'Back to school', from: '08-01', to: '09-15' },
  { label: 'Holidays', from: '11-15', to: '12-31' },
];

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The days of `month` (1-12), February with the 29th (a season end may be 02-29). */
export function daysIn(month: number): number {
  return [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
}

/** "field 'weight' must be above 0 ...; field 'schedule' ..." -> {weight: "must be ...", ...} */
export function fieldErrors(detail: string): { fields: Record<string, string>; rest: string[] } {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const part of detail.split(/;\s+(?=field ')/)) {
    const m = /^field '([^']+)' (.*)$/s.exec(part.trim());
    if (m?.[1] && m[2]) fields[m[1]] = m[2];
    else if (part.trim()) rest.push(part.trim());
  }
  return { fields, rest };
}
