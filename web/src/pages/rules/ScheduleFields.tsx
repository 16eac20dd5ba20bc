// When a rule's links are live: always, between two dates (inclusive), or every year in a season
// (month-day to month-day, which may cross the year end), as src/rules/schedule.hpp defines.
import { ErrorNote } from '../../ui/bits';
import { daysIn, MONTH_NAMES, SEASON_PRESETS, scheduleActive, scheduleOfForm, scheduleText, type RuleForm } from './ruleForm';

interface Props {
  form: RuleForm;
  disabled: boolean;
  onChange: (change: Partial<RuleForm>) => void;
  error: string | null;
}

export function ScheduleFields({ form, disabled, onChange, error }: Props) {
  const schedule = scheduleOfForm(form);
  const live = scheduleActive(schedule);
  return (
    <fieldset className="panel rule-section" disabled={disabled}>
      <legend>Schedule</legend>
      <div className="schedule-kinds" role="radiogroup" aria-label="When the rule is live">
        {(
          [
            ['always', 'Always'],
            ['window', 'Between dates'],
            ['season', 'Every year, in a season'],
          ] as const
        ).map(([kind, label]) => (
          <label key={kind} className="check">
            <input
              type="radio"
              name="schedule-kind"
              value={kind}
              checked={form.scheduleKind === kind}
              onChange={() => {
                onChange({ scheduleKind: kind });
              }}
            />
            {label}
          </label>
        ))}
      </div>
      {form.scheduleKind === 'window' && (
        <div className="rule-row">
          <div className="field">
            <label htmlFor="rule-from">From (first day)</label>
            <input
              id="rule-from"
              type="date"
              value={form.from}
              onChange={(e) => {
                onChange({ from: e.target.value });
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="rule-to">Until (last day, inclusive)</label>
            <input
              id="rule-to"
              type="date"
              value={form.to}
              onChange={(e) => {
                onChange({ to: e.target.value });
              }}
            />
          </div>
        </div>
      )}
      {form.scheduleKind === 'season' && (
        <>
          <div className="rule-row">
            <MonthDay
              id="rule-season-from"
              label="Season starts"
              value={form.seasonFrom}
              onChange={(seasonFrom) => {
                onChange({ seasonFrom });
              }}
            />
            <MonthDay
              id="rule-season-to"
              label="Season ends (inclusive)"
              value={form.seasonTo}
              onChange={(seasonTo) => {
                onChange({ seasonTo });
              }}
            />
          </div>
          <div className="presets" role="group" aria-label="Season presets">
            <span className="muted small">Presets:</span>
            {SEASON_PRESETS.map((p) => (
              <button
                key={p.label}
                type="button"
                className="small"
                aria-pressed={form.seasonFrom === p.from && form.seasonTo === p.to}
                onClick={() => {
                  onChange({ seasonFrom: p.from, seasonTo: p.to });
                }}
              >
                {p.label}
              </button>
            ))}
          </div>
        </>
      )}
      <p className="muted small schedule-summary">
        Live {scheduleText(schedule)}
        {schedule && (
          <span className={`badge ${live ? 'ok' : 'warn'}`}>{live ? 'live today' : 'not live today'}</span>
        )}
      </p>
      <ErrorNote>{error}</ErrorNote>
    </fieldset>
  );
}

function MonthDay({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (md: string) => void }) {
  const [m, d] = value.split('-').map(Number);
  const month = m && m >= 1 && m <= 12 ? m : 1;
  const day = d && d >= 1 ? d : 1;
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    <div className="field" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`}>{label}</span>
      <div className="month-day">
        <select
          aria-label={`${label}: month`}
          value={month}
          onChange={(e) => {
            const nm = Number(e.target.value);
            onChange(`${pad(nm)}-${pad(Math.min(day, daysIn(nm)))}`);
          }}
        >
          {MONTH_NAMES.map((name, k) => (
            <option key={name} value={k + 1}>
              {name}
            </option>
          ))}
        </select>
        <select
          aria-label={`${label}: day`}
          value={day}
          onChange={(e) => {
            onChange(`${pad(month)}-${pad(Number(e.target.value))}`);
          }}
        >
          {Array.from({ length: daysIn(month) }, (_, k) => k + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
