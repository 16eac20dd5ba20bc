// A condition's text box with syntax colours and the server's diagnostics in place: a textarea
// whose text is transparent over a <pre> holding the coloured tokens (so the caret, selection,
// undo and keyboard stay the browser's own), each error or warning underlined at its line and
// column and listed below with its message and, when the server names the nearest known name, a
// button that puts that name in.
import { useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import type { RuleDiagnostic } from '../../api/rules';
import { lineColumnOffset, spanAt, suggestionOf, tokenize, type CondToken } from './conditionTokens';

interface Props {
  id: string;
  label: string;
  hint?: ReactNode;
  value: string;
  onChange: (text: string) => void;
  /** This field's diagnostics, from the last check. */
  diagnostics: RuleDiagnostic[];
  /** The diagnostics were made for an older text (a check is on its way). */
  stale?: boolean;
  placeholder?: string;
  disabled?: boolean;
  required?: boolean;
}

interface Mark {
  start: number;
  end: number;
  severity: 'error' | 'warning';
  diagnostic: RuleDiagnostic;
}

export function ConditionEditor(props: Props) {
  const { id, label, hint, value, onChange, diagnostics, stale, placeholder, disabled, required } = props;
  const preRef = useRef<HTMLPreElement>(null);
  const tokens = useMemo(() => tokenize(value), [value]);
  const marks = useMemo<Mark[]>(
    () =>
      diagnostics
        .filter((d) => d.line !== undefined && d.column !== undefined)
        .map((d) => {
          const at = lineColumnOffset(value, d.line ?? 1, d.column ?? 1);
          const [start, end] = spanAt(tokens, at, value.length);
          return { start, end, severity: d.severity, diagnostic: d };
        }),
    [diagnostics, tokens, value],
  );
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const listId = `${id}-diagnostics`;
  const hintId = `${id}-hint`;
  const lines = value.split('\n').length;

  function replace(mark: Mark, text: string) {
    onChange(value.slice(0, mark.start) + text + value.slice(mark.end));
  }

  return (
    <div className="cond-field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <div className="muted small" id={hintId}>
          {hint}
        </div>
      )}
      <div className={`cond-editor${errors.length ? ' has-error' : ''}${disabled ? ' disabled' : ''}`}>
        <pre ref={preRef} className="cond-highlight" aria-hidden="true">
          {renderTokens(tokens, marks, stale ?? false)}
          {'\n'}
        </pre>
        <textarea
          id={id}
          className="cond-input"
          value={value}
          rows={Math.min(Math.max(lines, 2), 12)}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          placeholder={placeholder}
          disabled={disabled}
          required={required}
          aria-invalid={errors.length > 0}
          aria-describedby={[hint ? hintId : '', diagnostics.length ? listId : ''].join(' ').trim() || undefined}
          onChange={(e) => {
            onChange(e.target.value);
          }}
          onScroll={(e) => {
            if (preRef.current) preRef.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      {diagnostics.length > 0 && (
        <ul className={`cond-diagnostics${stale ? ' stale' : ''}`} id={listId} aria-live="polite">
          {diagnostics.map((d, k) => {
            const mark = marks.find((m) => m.diagnostic === d);
            const hint = suggestionOf(d.message, d.suggestion);
            const current = mark ? value.slice(mark.start, mark.end) : '';
            const canFix =
              !!hint && !!mark && !disabled && (hint.wrong === null || current === hint.wrong);
            return (
              <li key={`${d.message}@${d.line ?? 0}:${d.column ?? 0}:${k}`} className={`diag ${d.severity}`}>
                <span className={`badge ${d.severity === 'error' ? 'bad' : 'warn'}`}>{d.severity}</span>{' '}
                {d.line !== undefined && (
                  <span className="diag-pos">
                    line {d.line}, column {d.column}:{' '}
                  </span>
                )}
                <span className="diag-message">
                  {hint ? d.message.replace(/\s*\(did you mean '[^']+'\?\)/, '') : d.message}
                </span>
                {hint && (
                  <span className="diag-fix">
                    {' '}
                    — did you mean <code>{hint.suggestion}</code>?
                    {canFix && (
                      <button
                        type="button"
                        className="small"
                        onClick={() => {
                          replace(mark, hint.suggestion);
                        }}
                      >
                        Use {hint.suggestion}
                      </button>
                    )}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function renderTokens(tokens: CondToken[], marks: Mark[], stale: boolean): ReactNode[] {
  const out: ReactNode[] = [];
  const staleClass = stale ? ' stale' : '';
  for (const t of tokens) {
    const mark = marks.find((m) => m.start < t.end && t.start < m.end && m.end > m.start);
    const cls = `tok-${t.cls}${mark ? ` diag-${mark.severity}${staleClass}` : ''}`;
    out.push(
      <span key={t.start} className={cls}>
        {t.text}
      </span>,
    );
  }
  // A diagnostic at the end of the text ("expected a value after '&&'") marks the place to type.
  const end = tokens.length ? (tokens[tokens.length - 1]?.end ?? 0) : 0;
  const atEnd = marks.find((m) => m.start >= end);
  if (atEnd) {
    out.push(
      <span key="end" className={`diag-end diag-${atEnd.severity}${staleClass}`}>
        {'  '}
      </span>,
    );
  }
  return out;
}

/** A condition shown read-only with the same colours (the rules list). */
export function ConditionText({ text }: { text: string }) {
  const tokens = useMemo(() => tokenize(text), [text]);
  return (
    <code className="cond-code">
      {tokens.map((t) => (
        <span key={t.start} className={`tok-${t.cls}`}>
          {t.text}
        </span>
      ))}
    </code>
  );
}
