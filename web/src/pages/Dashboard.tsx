// Dashboard: what the program did today, this week or this month — encounters, people,
// syringes out and back, supplies taken to others, referrals and how they went. Small counts
// are shown as "<5" to researchers (the server decides).
import { useState } from 'preact/hooks';
import { api, ApiError, type Count, type Period } from '../api';
import { ErrorMessage } from '../components/Alert';
import { BarList, DailyChart } from '../components/Bars';
import { Loading } from '../components/Loading';
import { NoAccess } from '../components/NoAccess';
import { Page } from '../components/Page';
import { Segmented } from '../components/Segmented';
import { SitePicker, useSites } from '../components/SitePicker';
import { useLoad } from '../components/useLoad';
import { countText, countValue, formatDay, label, RESOURCE_KIND_LABELS } from '../labels';
import { useSession } from '../session';

const PERIODS: { value: Period; label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: 'week', label: 'This week' },
  { value: 'month', label: 'This month' },
];

export function DashboardPage() {
  const { session, can } = useSession();
  const allowed = can('dashboard.read');
  const [period, setPeriod] = useState<Period>('today');
  const [siteId, setSiteId] = useState('');
  const sites = useSites();
  const data = useLoad(allowed ? () => api.dashboard(period, siteId || undefined) : null, [session.program.id, allowed, period, siteId]);
  const d = data.data;
  const funnel = useLoad(allowed && d ? () => api.funnel(d.from, d.to) : null, [allowed, d?.from, d?.to]);

  if (!allowed || (data.error instanceof ApiError && data.error.status === 403)) return <NoAccess title="Dashboard" />;

  const ratio = d?.returns_ratio;
  const f = funnel.data;

  return (
    <Page title="Dashboard">
      <Segmented label="Period" value={period} onValue={setPeriod} options={PERIODS} />
      {sites.data && sites.data.length > 1 && (
        <SitePicker id="dashboard-site" label="Site" sites={sites.data} value={siteId} onSite={setSiteId} allLabel="All sites" remember={false} />
      )}
      <ErrorMessage error={data.error} />
      {!d && !data.error && <Loading what="Adding up" />}
      {d && (
        <div class={data.loading ? 'refreshing' : ''} aria-busy={data.loading}>
          <p class="meta" data-testid="dashboard-period">
            {d.from === d.to ? formatDay(d.from) : `${formatDay(d.from)} to ${formatDay(d.to)}`}
          </p>
          <ul class="stat-grid" data-testid="dashboard-cards">
            <Stat name="Encounters" value={d.encounters} note={`${countText(d.anonymous_encounters)} anonymous`} />
            <Stat name="People" value={d.people} note="different codes" />
            <Stat name="Syringes out" value={d.syringes_out} />
            <Stat
              name="Syringes back"
              value={d.returned_syringes}
              note={ratio === null || ratio === undefined ? 'no return ratio yet' : `${Math.round(ratio * 100)}% returned`}
            />
            <Stat name="Supplies for others" value={d.for_others_people} note="people reached through others" />
            <Stat name="Referrals" value={d.referrals} />
          </ul>

          {(d.daily?.length ?? 0) > 1 && (
          <section class="card" aria-labelledby="daily-heading">
            <h2 id="daily-heading">Encounters per day</h2>
            <DailyChart days={d.daily ?? []} caption={`Encounters each day, ${formatDay(d.from)} to ${formatDay(d.to)}`} />
          </section>
          )}

          <section class="card" aria-labelledby="items-out-heading">
            <h2 id="items-out-heading">Supplies out, by item</h2>
            <BarList
              testId="items-out"
              rows={[...(d.items_out ?? [])]
                .sort((a, b) => countValue(b.quantity) - countValue(a.quantity))
                .map((i) => ({ key: i.item_id, label: i.item_name, value: i.quantity }))}
            />
          </section>

          {(d.by_site?.length ?? 0) > 0 && (
            <section class="card" aria-labelledby="by-site-heading">
              <h2 id="by-site-heading">Encounters by site</h2>
              <BarList
                testId="by-site"
                rows={[...d.by_site]
                  .sort((a, b) => countValue(b.encounters) - countValue(a.encounters))
                  .map((s) => ({ key: s.site_id, label: s.site_name, value: s.encounters }))}
              />
              <ul class="plain-list small site-items">
                {d.by_site.map((s) => (
                  <li key={s.site_id}>
                    {s.site_name}: {countText(s.items_out)} supplies out
                  </li>
                ))}
              </ul>
            </section>
          )}

          <section class="card" aria-labelledby="funnel-heading">
            <h2 id="funnel-heading">How referrals went</h2>
            <ErrorMessage error={funnel.error} />
            {!f && !funnel.error && <Loading what="Loading referrals" />}
            {f && (
              <>
                <BarList
                  testId="funnel"
                  rows={[
                    { key: 'made', label: 'Made', value: f.made },
                    { key: 'accepted', label: 'Accepted', value: f.accepted },
                    { key: 'attended', label: 'Attended', value: f.attended },
                    { key: 'not_attended', label: 'Did not attend', value: f.not_attended },
                    { key: 'closed', label: 'Closed', value: f.closed },
                  ]}
                />
                {(f.by_kind?.length ?? 0) > 0 && (
                  <div class="table-scroll">
                  <table class="plain-table">
                    <caption class="visually-hidden">Referrals by kind of service</caption>
                    <thead>
                      <tr>
                        <th scope="col">Kind of service</th>
                        <th scope="col">Made</th>
                        <th scope="col">Accepted</th>
                        <th scope="col">Attended</th>
                      </tr>
                    </thead>
                    <tbody>
                      {f.by_kind.map((k) => (
                        <tr key={k.kind}>
                          <th scope="row">{label(RESOURCE_KIND_LABELS, k.kind)}</th>
                          <td>{countText(k.made)}</td>
                          <td>{countText(k.accepted)}</td>
                          <td>{countText(k.attended)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  </div>
                )}
              </>
            )}
          </section>
          {(d.small_cells_suppressed ?? hasHidden(d)) && <p class="hint">“&lt;5” means between 1 and 4: small numbers are hidden so no one can be picked out.</p>}
        </div>
      )}
    </Page>
  );
}

function Stat({ name, value, note }: { name: string; value: Count; note?: string }) {
  return (
    <li class="stat" data-stat={name}>
      <span class="stat-name">{name}</span>
      <strong class="stat-value">{countText(value)}</strong>
      {note && <span class="stat-note">{note}</span>}
    </li>
  );
}

function hasHidden(d: object): boolean {
  return JSON.stringify(d).includes('"<5"');
}
