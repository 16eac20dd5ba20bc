// The signed-in frame: navigation by page (only what the key's role may use) and who is signed in.
import { NavLink, Outlet } from 'react-router';
import type { Permission } from '../api/types';
import { useSession } from '../auth/session';

interface NavEntry {
  to: string;
  label: string;
  needs: Permission;
}

const PAGES: NavEntry[] = [
  { to: '/catalog', label: 'Catalog', needs: 'read' },
  { to: '/graph', label: 'Graph', needs: 'read' },
  { to: '/bundles', label: 'Bundles', needs: 'read' },
  { to: '/rules', label: 'Rules', needs: 'read' },
  { to: '/weights', label: 'Weights', needs: 'read' },
  { to: '/suggestions', label: 'Suggestions', needs: 'read' },
  { to: '/reports', label: 'Reports', needs: 'read' },
  { to: '/guidelines', label: 'Guidelines', needs: 'read' },
  { to: '/intake', label: 'Intake', needs: 'intake_read' },
];

const LATER = ['Drafts', 'Experiments', 'Audit'];

export function Shell() {
  const { me, may, signOut } = useSession();
  const pages = PAGES.filter((p) => may(p.needs));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Pages">
        <div className="brand">
          <span className="logo-mark" aria-hidden="true">
            ◆
          </span>{' '}
          affinity
        </div>
        <ul>
          {pages.map((p) => (
            <li key={p.to}>
              <NavLink to={p.to}>{p.label}</NavLink>
            </li>
          ))}
        </ul>
        <p className="nav-later-title">Coming later</p>
        <ul className="nav-later">
          {LATER.map((l) => (
            <li key={l} aria-disabled="true">
              {l}
            </li>
          ))}
        </ul>
        <div className="whoami">
          <div>
            <strong>{me.name}</strong>
            <span className={`badge role-${me.role}`}>{me.role}</span>
          </div>
          {!may('write') && <p className="muted small">Read only: this key may not change things.</p>}
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {pages.length === 0 ? (
          <p className="error" role="alert">
            This key ({me.role}) may not read the catalog; the console needs a viewer,
            merchandiser or admin key.
          </p>
        ) : (
          <Outlet />
        )}
      </main>
    </div>
  );
}
