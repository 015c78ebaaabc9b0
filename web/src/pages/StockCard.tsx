// The stock card of one item at one site: every movement, newest first, with the balance
// after it — the paper stock card, kept by the server. "Older" loads the next page.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Movement, type StockCard } from '../api';
import { ErrorMessage } from '../components/Alert';
import { Link } from '../components/Link';
import { Loading } from '../components/Loading';
import { NoAccess } from '../components/NoAccess';
import { Page } from '../components/Page';
import { useSites } from '../components/SitePicker';
import { formatDateTime } from '../format';
import { label, MOVEMENT_LABELS, queryParam } from '../labels';
import { useSession } from '../session';

export function StockCardPage() {
  const { can } = useSession();
  const allowed = can('supplies.read');
  const siteId = queryParam('site_id') ?? '';
  const itemId = queryParam('item_id') ?? '';
  const sites = useSites();
  const [card, setCard] = useState<StockCard | null>(null);
  const [movements, setMovements] = useState<Movement[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    if (!allowed || !siteId || !itemId) return;
    setCard(null);
    setError(null);
    api
      .stockCard(siteId, itemId)
      .then((c) => {
        setCard(c);
        setMovements(c.items ?? []);
      })
      .catch(setError);
  }, [allowed, siteId, itemId]);

  if (!allowed || (error instanceof ApiError && error.status === 403)) return <NoAccess title="Stock card" />;

  const older = async () => {
    if (!card?.next_before) return;
    setLoadingMore(true);
    try {
      const next = await api.stockCard(siteId, itemId, card.next_before);
      setMovements([...movements, ...(next.items ?? [])]);
      setCard({ ...card, next_before: next.next_before });
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  const siteName = sites.data?.find((s) => s.id === siteId)?.name ?? '';
  return (
    <Page title={card ? `Stock card: ${card.item.name}` : 'Stock card'}>
      <p>
        <Link href={`/stock?site_id=${encodeURIComponent(siteId)}`}>← Stock{siteName ? ` at ${siteName}` : ''}</Link>
      </p>
      {(!siteId || !itemId) && <ErrorMessage>Choose an item on the Stock page to see its card.</ErrorMessage>}
      <ErrorMessage error={error} />
      {siteId && itemId && !card && !error && <Loading what="Loading the stock card" />}
      {card && (
        <>
          <section class="card" aria-labelledby="balance-heading">
            <h2 id="balance-heading" class="visually-hidden">
              Balance
            </h2>
            <dl class="facts">
              <div>
                <dt>Site</dt>
                <dd>{siteName || '—'}</dd>
              </div>
              <div>
                <dt>On hand now</dt>
                <dd data-testid="card-balance">
                  {card.balance} {card.item.unit}
                </dd>
              </div>
            </dl>
          </section>
          <section aria-labelledby="moves-heading">
            <h2 id="moves-heading">Movements, newest first</h2>
            {movements.length === 0 && <p class="empty">No movements yet.</p>}
            <ol class="ledger" data-testid="movement-list">
              {movements.map((m) => (
                <li key={m.id} class={m.quantity < 0 ? 'out' : 'in'}>
                  <div class="ledger-what">
                    <strong>{label(MOVEMENT_LABELS, m.kind)}</strong>
                    <span class="meta small">
                      {formatDateTime(m.occurred_at)} · lot {m.lot_number}
                      {m.reason ? ` · ${m.reason}` : ''}
                    </span>
                  </div>
                  <div class="ledger-numbers">
                    <strong class="delta">
                      {m.quantity > 0 ? '+' : m.quantity < 0 ? '−' : ''}
                      {Math.abs(m.quantity)}
                    </strong>
                    <span class="meta small">balance {m.balance_after}</span>
                  </div>
                </li>
              ))}
            </ol>
            {card.next_before && (
              <button type="button" class="secondary" onClick={older} disabled={loadingMore}>
                {loadingMore ? 'Loading…' : 'Older'}
              </button>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
