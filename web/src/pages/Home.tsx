// Home: who is logged in, in which program, and the pages their role can open.
import { Link } from '../components/Link';
import { NAV_ITEMS } from '../components/Header';
import { Page } from '../components/Page';
import { ProgramSwitcher } from '../components/ProgramSwitcher';
import { roleLabel } from '../format';
import { canSwitchProgram as canSwitch, useSession } from '../session';

const DESCRIPTIONS: Record<string, string> = {
  '/encounter': 'Record a visit: supplies, returns, services and referrals.',
  '/participants': 'Find a person’s code, their visits, and possible duplicates.',
  '/stock': 'What is on hand at each site, what is low or expiring.',
  '/referrals': 'Referrals to follow up, and the directory of services.',
  '/dashboard': 'Encounters, people, supplies and referrals at a glance.',
  '/research': 'Meta-analysis of studies and tests of 2×2 tables, with plots.',
  '/catalog': 'The items and kits your program hands out.',
  '/sites': 'Fixed sites, outreach routes, mobile units and mail hubs.',
  '/users': 'Who can log in, and what each person can do.',
  '/audit': 'Every change, in a log that shows if it was tampered with.',
  '/account': 'Your password and API tokens.',
};

export function HomePage() {
  const { session, can } = useSession();
  const firstName = session.user.display_name.split(' ')[0] || session.user.username;
  const links = NAV_ITEMS.filter((i) => i.href !== '/' && i.href !== '/encounter' && (!i.permission || can(i.permission)));

  return (
    <Page title={`Hello, ${firstName}`}>
      {can('encounters.write') && (
        <p class="home-primary">
          <Link href="/encounter" class="button primary big wide">
            Log an encounter
          </Link>
        </p>
      )}
      <section class="card" aria-labelledby="you-heading">
        <h2 id="you-heading" class="visually-hidden">
          You
        </h2>
        <dl class="facts">
          <div>
            <dt>Your role</dt>
            <dd data-testid="home-role">{roleLabel(session.user.role)}</dd>
          </div>
          <div>
            <dt>Program</dt>
            <dd data-testid="home-program">{session.program.name}</dd>
          </div>
        </dl>
      </section>

      {canSwitch(session) && (
        <section class="card" aria-labelledby="switch-heading">
          <h2 id="switch-heading">Switch program</h2>
          <p class="hint">You coordinate several programs. Choose the one you are working in now.</p>
          <ProgramSwitcher idPrefix="home-program" />
        </section>
      )}

      <section aria-labelledby="pages-heading">
        <h2 id="pages-heading">Where to go</h2>
        <ul class="tiles">
          {links.map((i) => (
            <li key={i.href}>
              <Link href={i.href} class="tile">
                <span class="tile-title">{i.label}</span>
                <span class="tile-text">{DESCRIPTIONS[i.href]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
