// A code's visits and referrals, newest first (coordinators: participants.history).
import { api, ApiError, type Referral } from '../api';
import { ErrorMessage } from '../components/Alert';
import { EncounterCard } from '../components/EncounterCard';
import { Link } from '../components/Link';
import { Loading } from '../components/Loading';
import { NoAccess } from '../components/NoAccess';
import { Page } from '../components/Page';
import { useSites } from '../components/SitePicker';
import { useLoad } from '../components/useLoad';
import { formatDateTime } from '../format';
import { formatDay, label, REFERRAL_STATUS_LABELS } from '../labels';
import { useSession } from '../session';

export function ParticipantHistoryPage({ id }: { id: string }) {
  const { can } = useSession();
  const allowed = can('participants.history');
  const history = useLoad(allowed ? () => api.participantHistory(id) : null, [id, allowed]);
  const sites = useSites();

  if (!allowed || (history.error instanceof ApiError && history.error.status === 403)) return <NoAccess title="Visits and referrals" />;
  const h = history.data;
  const siteName = (siteId: string) => sites.data?.find((s) => s.id === siteId)?.name ?? 'a site';

  return (
    <Page title={h ? `Visits of ${h.participant.display_code}` : 'Visits and referrals'}>
      <p>
        <Link href={`/participants/${id}`}>← Back to the code</Link>
      </p>
      {history.error ? <ErrorMessage error={history.error} /> : null}
      {!h && !history.error && <Loading what="Loading the history" />}
      {h && (
        <>
          <section aria-labelledby="visits-heading">
            <h2 id="visits-heading">Visits ({h.encounters.length})</h2>
            {h.encounters.length === 0 && <p class="empty">No visits yet.</p>}
            <ul class="cards" data-testid="history-encounters">
              {h.encounters.map((e) => (
                <EncounterCard key={e.id} encounter={e} site={siteName(e.site_id)} />
              ))}
            </ul>
          </section>
          <section aria-labelledby="referrals-heading">
            <h2 id="referrals-heading">Referrals ({h.referrals.length})</h2>
            {h.referrals.length === 0 && <p class="empty">No referrals yet.</p>}
            <ul class="cards" data-testid="history-referrals">
              {h.referrals.map((r) => (
                <ReferralLine key={r.id} referral={r} />
              ))}
            </ul>
          </section>
        </>
      )}
    </Page>
  );
}

function ReferralLine({ referral: r }: { referral: Referral }) {
  return (
    <li class="card">
      <div class="card-row">
        <h3>
          <Link href={`/referrals/${r.id}`}>{r.resource_name}</Link>
        </h3>
        <span class={`badge status-${r.status}`}>{label(REFERRAL_STATUS_LABELS, r.status)}</span>
      </div>
      <p class="meta small">
        Made {formatDateTime(r.made_at)}
        {r.follow_up_on ? ` · follow up ${formatDay(r.follow_up_on)}` : ''}
      </p>
    </li>
  );
}
