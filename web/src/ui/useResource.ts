// Loads one thing from the API for a page: refetches when `key` changes, cancels the request it
// replaces, keeps the last data while the next loads (no flicker) and offers reload() for after
// a change ("nothing half-saved": pages reload from the API rather than patch local state).
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../api/client';

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  /** The HTTP status of the error (0 for a network failure), if it was an API refusal. */
  errorStatus: number | null;
  loading: boolean;
  reload: () => void;
}

interface State<T> {
  key: string;
  data: T | undefined;
  error: string | null;
  errorStatus: number | null;
}

export function useResource<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): Resource<T> {
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<State<T>>({
    key: '',
    data: undefined,
    error: null,
    errorStatus: null,
  });
  const fullKey = key === null ? null : `${key}#${nonce}`;

  useEffect(() => {
    if (fullKey === null) return;
    const ctrl = new AbortController();
    loadRef.current(ctrl.signal).then(
      (data) => {
        if (!ctrl.signal.aborted) setState({ key: fullKey, data, error: null, errorStatus: null });
      },
      (e: unknown) => {
        if (ctrl.signal.aborted) return;
        const status =
          typeof e === 'object' && e !== null && 'status' in e && typeof e.status === 'number'
            ? e.status
            : null;
        setState((s) => ({ key: fullKey, data: s.data, error: errorText(e), errorStatus: status }));
      },
    );
    return () => {
      ctrl.abort();
    };
  }, [fullKey]);

  const reload = useCallback(() => {
    setNonce((n) => n + 1);
  }, []);

  return {
    data: state.data,
    error: state.key === fullKey ? state.error : null,
    errorStatus: state.key === fullKey ? state.errorStatus : null,
    loading: fullKey !== null && state.key !== fullKey,
    reload,
  };
}

/** A value that follows `value` once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => {
      setSettled(value);
    }, ms);
    return () => {
      clearTimeout(t);
    };
  }, [value, ms]);
  return settled;
}
