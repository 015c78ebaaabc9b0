// The top bar: app name, the program being worked in, and the menu.
// On a phone the menu opens as a panel under the bar; on a wide screen it is always shown.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { navigate, pathnameOf, useLocation } from '../router';
import { canSwitchProgram as canSwitch, useSession } from '../session';
import { Link } from './Link';
import { ProgramSwitcher } from './ProgramSwitcher';

interface Item {
  href: string;
  label: string;
  permission?: string;
}

export const NAV_ITEMS: Item[] = [
  { href: '/', label: 'Home' },
  { href: '/encounter', label: 'Log an encounter', permission: 'encounters.write' },
  { href: '/participants', label: 'Participants', permission: 'participants.read' },
  { href: '/stock', label: 'Stock', permission: 'supplies.read' },
  { href: '/referrals', label: 'Referrals', permission: 'referrals.read' },
  { href: '/dashboard', label: 'Dashboard', permission: 'dashboard.read' },
  { href: '/research', label: 'Research', permission: 'stats.use' },
  { href: '/catalog', label: 'Catalog', permission: 'supplies.read' },
  { href: '/sites', label: 'Sites', permission: 'sites.read' },
  { href: '/users', label: 'Users', permission: 'users.read' },
  { href: '/audit', label: 'Audit log', permission: 'audit.read' },
  { href: '/account', label: 'My account' },
];

export function Header() {
  const { session, setSession, can } = useSession();
  const path = pathnameOf(useLocation());
  const [open, setOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);

  useEffect(() => setOpen(false), [path, session.program.id]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        document.getElementById('menu-button')?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  const logout = async () => {
    setLeaving(true);
    try {
      await api.logout();
    } catch {
      // Even if the server could not be reached, forget the session here.
    }
    setSession(null);
    navigate('/login', true);
  };

  const items = NAV_ITEMS.filter((i) => !i.permission || can(i.permission));

  return (
    <>
      <header class="topbar">
      <div class="topbar-row">
        <Link href="/" class="brand" aria-label="Kinship home">
          <img src="/icons/icon.svg" alt="" width={32} height={32} />
          <span class="brand-text">
            <span class="brand-name">Kinship</span>
            <span class="brand-program" data-testid="program-name">
              {session.program.name}
            </span>
          </span>
        </Link>
        <button
          type="button"
          id="menu-button"
          class="menu-button"
          aria-expanded={open}
          aria-controls="main-menu"
          onClick={() => setOpen(!open)}
        >
          <span class="menu-icon" aria-hidden="true" />
          Menu
        </button>
      </div>
      </header>
      <nav id="main-menu" class={`menu${open ? ' open' : ''}`} aria-label="Main">
        <ul>
          {items.map((i) => (
            <li key={i.href}>
              <Link href={i.href} aria-current={path === i.href || (i.href !== '/' && path.startsWith(`${i.href}/`)) ? 'page' : undefined}>
                {i.label}
              </Link>
            </li>
          ))}
        </ul>
        <div class="menu-footer">
          {canSwitch(session) && <ProgramSwitcher idPrefix="menu-program" />}
          <p class="menu-user">
            Logged in as <strong>{session.user.display_name}</strong> ({session.user.username})
          </p>
          <button type="button" class="secondary" onClick={logout} disabled={leaving}>
            {leaving ? 'Logging out…' : 'Log out'}
          </button>
        </div>
      </nav>
    </>
  );
}
