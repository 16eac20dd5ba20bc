// The signed-in key: kept in sessionStorage (gone when the tab closes), checked with GET /v1/me,
// and dropped when the server answers 401 (revoked or unknown).
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { AffinityApi } from '../api/api';
import { ApiError, HttpClient } from '../api/client';
import type { Me, Permission } from '../api/types';

const STORAGE_KEY = 'affinity.apiKey';

export interface Session {
  me: Me;
  api: AffinityApi;
  may: (p: Permission) => boolean;
  signOut: () => void;
}

interface AuthState {
  session: Session | null;
  /** True while a stored key is being checked at start. */
  checking: boolean;
  /** Why the last session ended or the last sign-in failed. */
  notice: string | null;
  signIn: (key: string) => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

function readStoredKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [auth, setAuth] = useState<{ key: string; me: Me } | null>(null);
  const [checking, setChecking] = useState(() => readStoredKey() !== null);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((why?: string) => {
    sessionStorage.removeItem(STORAGE_KEY);
    setAuth(null);
    setNotice(why ?? null);
  }, []);

  const verify = useCallback(
    async (key: string) => {
      const http = new HttpClient(key);
      const me = await new AffinityApi(http).me();
      sessionStorage.setItem(STORAGE_KEY, key);
      setAuth({ key, me });
      setNotice(null);
    },
    [],
  );

  useEffect(() => {
    const stored = readStoredKey();
    if (stored === null) return;
    new AffinityApi(new HttpClient(stored))
      .me()
      .then((me) => {
        setAuth({ key: stored, me });
      })
      .catch((e: unknown) => {
        sessionStorage.removeItem(STORAGE_KEY);
        setNotice(e instanceof ApiError ? e.detail : 'Could not check the stored key.');
      })
      .finally(() => {
        setChecking(false);
      });
  }, []);

  const session = useMemo<Session | null>(() => {
    if (!auth) return null;
    const http = new HttpClient(auth.key, (e) => {
      signOut(`Signed out: ${e.detail}`);
    });
    return {
      me: auth.me,
      api: new AffinityApi(http),
      may: (p) => auth.me.may[p],
      signOut: () => {
        signOut();
      },
    };
  }, [auth, signOut]);

  const value = useMemo<AuthState>(
    () => ({ session, checking, notice, signIn: verify }),
    [session, checking, notice, verify],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The session of a signed-in page (the shell renders pages only when there is one). */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('useSession without a session');
  return session;
}
