// One weight: a slider and a number box that move together, the saved value beside them, and the
// refusal of the last save next to it. Arrow keys move the slider by one step, Home/End to the ends.
import type { ReactNode } from 'react';
import { ErrorNote } from '../../ui/bits';
import { fmtWeight } from './weightsModel';

interface Props {
  id: string;
  label: ReactNode;
  /** The accessible name of the controls: "Weight of accessory". */
  name: string;
  value: number;
  saved: number;
  max?: number;
  onChange: (value: number) => void;
  error?: string | null;
  children?: ReactNode;
}

export function WeightSlider({ id, label, name, value, saved, max = 5, onChange, error, children }: Props) {
  const changed = Math.abs(value - saved) > 1e-9;
  return (
    <div className={`weight-row${changed ? ' changed' : ''}`} data-weight={id}>
      <div className="weight-label">
        {label}
        {children}
      </div>
      <div className="weight-controls">
        <input
          type="range"
          min="0.05"
          max={Math.max(max, value)}
          step="0.05"
          aria-label={name}
          value={value}
          onChange={(e) => {
            onChange(Number(e.target.value));
          }}
        />
        <input
          type="number"
          className="weight"
          min="0.01"
          max="1000"
          step="any"
          aria-label={`${name} (number)`}
          value={value}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (e.target.value !== '' && Number.isFinite(v) && v > 0) onChange(v);
          }}
        />
        <span className={`weight-saved small${changed ? '' : ' muted'}`}>
          {changed ? (
            <>
              was {fmtWeight(saved)}{' '}
              <button
                type="button"
                className="link small"
                aria-label={`Undo the change to ${name}`}
                onClick={() => {
                  onChange(saved);
                }}
              >
                undo
              </button>
            </>
          ) : (
            'saved'
          )}
        </span>
      </div>
      <ErrorNote>{error}</ErrorNote>
    </div>
  );
}
