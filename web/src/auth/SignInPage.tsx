import { useState } from 'react';
import { errorText } from '../api/client';
import { useAuth } from './session';

export function SignInPage() {
  const { signIn, notice } = useAuth();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function submit() {
    setBusy(true);
    setError(null);
    signIn(key.trim())
      .catch((err: unknown) => {
        setError(errorText(err));
      })
      .finally(() => {
        setBusy(false);
      });
  }

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={(e) => {
          e.preventDefault();
          submit();
        }} aria-labelledby="signin-title">
        <h1 id="signin-title">
          <span className="logo-mark" aria-hidden="true">
            ◆
          </span>{' '}
          affinity console
        </h1>
        <p className="muted">
          Paste an API key. The first one is in <code>&lt;data&gt;/admin.key</code>; an admin
          makes more with <code>POST /v1/keys</code>. It is kept in this tab only.
        </p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="afk_…"
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
          }}
          autoFocus
          required
        />
        {(error ?? notice) && (
          <p className="error" role="alert">
            {error ?? notice}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || key.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
