// Stock at a site: how much of each item is on hand, what is running low or expiring, and
// per-lot detail. Coordinators also receive deliveries, move stock between sites, correct or
// dispose of stock, and enter physical counts here. Each item links to its stock card.
import { useCallback, useRef, useState } from 'preact/hooks';
import { api, ApiError, itemsOf, type Item, type Site, type StockLot, type StockRow } from '../api';
import { ErrorMessage, StatusMessage } from '../components/Alert';
import { SelectField, TextField } from '../components/Field';
import { DateField, NumberField } from '../components/Inputs';
import { Link } from '../components/Link';
import { Loading } from '../components/Loading';
import { NoAccess } from '../components/NoAccess';
import { Page } from '../components/Page';
import { Segmented } from '../components/Segmented';
import { defaultSiteId, SitePicker, useSites } from '../components/SitePicker';
import { useLoad } from '../components/useLoad';
import { addDays, CATEGORY_LABELS, formatDay, label, queryParam, todayDay } from '../labels';
import { navigate } from '../router';
import { useSession } from '../session';

type Tool = 'receive' | 'transfer' | 'adjust' | 'count';

const TOOLS: { value: Tool; label: string }[] = [
  { value: 'receive', label: 'Receive' },
  { value: 'transfer', label: 'Transfer' },
  { value: 'adjust', label: 'Correct or dispose' },
  { value: 'count', label: 'Count' },
];

export function StockPage() {
  const { session, can } = useSession();
  const allowed = can('supplies.read');
  const writable = can('supplies.write');
  const sites = useSites();
  const [chosenSite, setSiteIdRaw] = useState(queryParam('site_id') ?? '');
  const setSiteId = useCallback((id: string) => {
    setSiteIdRaw(id);
    if (id && queryParam('site_id') !== id) navigate(`/stock?site_id=${encodeURIComponent(id)}`, true);
  }, []);
  // An unknown site in the URL (e.g. another program's) falls back to the usual choice.
  const known = !sites.data || sites.data.some((s) => s.id === chosenSite);
  const siteId = chosenSite && known ? chosenSite : sites.data ? defaultSiteId(session.program.id, sites.data) : '';
  const stock = useLoad(allowed && siteId ? () => api.stock(siteId).then(itemsOf) : null, [siteId, allowed]);
  const settings = useLoad(allowed ? () => api.settings() : null, [session.program.id, allowed]);
  const items = useLoad(allowed && writable ? () => api.items().then(itemsOf) : null, [session.program.id, allowed, writable]);
  const [tool, setTool] = useState<{ kind: Tool; itemId: string } | null>(null);
  const [message, setMessage] = useState('');
  const [filter, setFilter] = useState('');
  const toolRef = useRef<HTMLDivElement>(null);

  if (!allowed || (stock.error instanceof ApiError && stock.error.status === 403)) return <NoAccess title="Stock" />;

  const soonDays = settings.data?.expiring_soon_days ?? 60;
  const soonLimit = addDays(todayDay(), soonDays);
  const rows = (stock.data ?? [])
    .filter((r) => !filter.trim() || r.item_name.toLowerCase().includes(filter.trim().toLowerCase()))
    .sort((a, b) => Number(b.low) - Number(a.low) || a.item_name.localeCompare(b.item_name));
  const site = sites.data?.find((s) => s.id === siteId);

  const openTool = (kind: Tool, itemId = '') => {
    setTool({ kind, itemId });
    setMessage('');
    requestAnimationFrame(() => toolRef.current?.scrollIntoView({ block: 'start' }));
  };
  const done = (text: string) => {
    setTool(null);
    setMessage(text);
    stock.reload();
  };

  return (
    <Page title="Stock" intro="What is on hand at each site, by lot.">
      {sites.error ? <ErrorMessage error={sites.error} /> : null}
      {sites.data && (
        <div class="card site-card">
          <SitePicker id="stock-site" sites={sites.data} value={siteId} onSite={setSiteId} />
        </div>
      )}
      <StatusMessage>{message}</StatusMessage>
      {writable && siteId && (
        <section aria-labelledby="manage-heading" class="manage-stock">
          <h2 id="manage-heading" class="visually-hidden">
            Change stock
          </h2>
          <Segmented
            label="Change stock"
            value={tool?.kind ?? ('' as Tool)}
            options={TOOLS}
            onValue={(k) => (tool?.kind === k ? setTool(null) : openTool(k))}
          />
          <div ref={toolRef}>
            {tool && items.data && sites.data && (
              <ToolForm
                key={`${tool.kind}-${tool.itemId}-${siteId}`}
                tool={tool.kind}
                initialItem={tool.itemId}
                siteId={siteId}
                site={site}
                sites={sites.data}
                items={items.data.filter((i) => !i.archived)}
                stock={stock.data ?? []}
                onDone={done}
                onCancel={() => setTool(null)}
              />
            )}
          </div>
        </section>
      )}

      <section aria-labelledby="on-hand-heading">
        <div class="list-head">
          <h2 id="on-hand-heading">On hand{site ? ` at ${site.name}` : ''}</h2>
        </div>
        {(stock.data?.length ?? 0) > 6 && (
          <TextField id="stock-filter" label="Find an item" optional type="search" value={filter} onValue={setFilter} autoComplete="off" />
        )}
        {stock.error ? <ErrorMessage error={stock.error} /> : null}
        {siteId && !stock.data && !stock.error && <Loading what="Loading stock" />}
        {stock.data && stock.data.length === 0 && (
          <p class="empty">No stock at this site yet.{writable ? ' Use “Receive” to add a delivery.' : ''}</p>
        )}
        {stock.data && stock.data.length > 0 && (
          <ul class="cards" data-testid="stock-list">
            {rows.map((r) => (
              <StockCardRow
                key={r.item_id}
                row={r}
                soonLimit={soonLimit}
                writable={writable}
                onReceive={() => openTool('receive', r.item_id)}
              />
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

function StockCardRow({ row, soonLimit, writable, onReceive }: { row: StockRow; soonLimit: string; writable: boolean; onReceive: () => void }) {
  const [open, setOpen] = useState(false);
  const lots = row.lots ?? [];
  const expired = lots.some((l) => l.expired && l.quantity > 0);
  const soon = lots.some((l) => !l.expired && l.quantity > 0 && l.expires_on && l.expires_on <= soonLimit);
  const lotsId = `lots-${row.item_id}`;
  return (
    <li class={`card stock-row${row.low ? ' low' : ''}`} data-item={row.item_name}>
      <div class="card-row">
        <h3>{row.item_name}</h3>
        <p class="qty" data-testid="stock-quantity">
          <strong>{row.quantity}</strong> <span class="unit">{row.unit}</span>
        </p>
      </div>
      <p class="meta small">
        {label(CATEGORY_LABELS, row.category)} · reorder at {row.reorder_threshold}
      </p>
      {(row.low || soon || expired) && (
        <p class="badges">
          {row.low && <span class="badge warn">Low stock</span>}
          {soon && <span class="badge warn">Expiring soon</span>}
          {expired && <span class="badge danger">Expired stock</span>}
        </p>
      )}
      <div class="actions">
        {lots.length > 0 && (
          <button type="button" class="secondary" aria-expanded={open} aria-controls={open ? lotsId : undefined} onClick={() => setOpen(!open)}>
            {open ? 'Hide lots' : `Lots (${lots.length})`}
          </button>
        )}
        <Link href={`/stock/card?site_id=${row.site_id}&item_id=${row.item_id}`} class="button secondary" aria-label={`Stock card: ${row.item_name}`}>
          Stock card
        </Link>
        {writable && (
          <button type="button" class="secondary" onClick={onReceive} aria-label={`Receive ${row.item_name}`}>
            Receive
          </button>
        )}
      </div>
      {open && (
        <ul class="lots" id={lotsId} data-testid="lot-list">
          {lots.map((l) => (
            <li key={l.lot_id} class={l.expired ? 'expired' : ''} data-lot={l.lot_number}>
              <span>
                Lot <strong>{l.lot_number}</strong>
                <span class="meta small">
                  {' '}
                  · {l.expires_on ? `${l.expired ? 'expired' : 'expires'} ${formatDay(l.expires_on)}` : 'no expiry date'}
                </span>
              </span>
              <strong class="lot-qty">{l.quantity}</strong>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function lotLabel(l: StockLot): string {
  return `Lot ${l.lot_number} · ${l.quantity} on hand${l.expires_on ? ` · ${l.expired ? 'expired' : 'expires'} ${formatDay(l.expires_on)}` : ''}`;
}

function ToolForm({
  tool,
  initialItem,
  siteId,
  site,
  sites,
  items,
  stock,
  onDone,
  onCancel,
}: {
  tool: Tool;
  initialItem: string;
  siteId: string;
  site: Site | undefined;
  sites: Site[];
  items: Item[];
  stock: StockRow[];
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const inStock = stock.filter((r) => r.quantity > 0 || r.lots.length > 0);
  const [itemId, setItemId] = useState(initialItem);
  const [lotNumber, setLotNumber] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [quantity, setQuantity] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [toSite, setToSite] = useState('');
  const [lotId, setLotId] = useState('');
  const [adjustKind, setAdjustKind] = useState<'adjust' | 'dispose'>('adjust');
  const [counts, setCounts] = useState<Record<string, number | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fieldErrors : {};
  const row = stock.find((r) => r.item_id === itemId);
  const lots = row?.lots ?? [];
  const itemName = items.find((i) => i.id === itemId)?.name ?? row?.item_name ?? '';

  const chooseItem = (id: string) => {
    setItemId(id);
    setCounts({});
    const itemLots = stock.find((r) => r.item_id === id)?.lots ?? [];
    setLotId(tool === 'adjust' && itemLots.length === 1 ? itemLots[0].lot_id : '');
  };

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await action());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (!itemId) {
      setError(new ApiError({ status: 422, detail: 'Please choose an item.', errors: [{ field: 'item_id', message: 'Choose an item.' }] }));
      return;
    }
    const q = quantity ?? 0;
    switch (tool) {
      case 'receive':
        return run(async () => {
          await api.receiveStock({
            site_id: siteId,
            item_id: itemId,
            lot_number: lotNumber.trim(),
            ...(expiresOn ? { expires_on: expiresOn } : {}),
            quantity: q,
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          });
          return `Received ${q} ${itemName} (lot ${lotNumber.trim()}) at ${site?.name ?? 'this site'}.`;
        });
      case 'transfer':
        return run(async () => {
          await api.transferStock({ from_site_id: siteId, to_site_id: toSite, item_id: itemId, quantity: q, ...(lotId ? { lot_id: lotId } : {}) });
          return `Sent ${q} ${itemName} to ${sites.find((s) => s.id === toSite)?.name ?? 'the other site'}.`;
        });
      case 'adjust':
        return run(async () => {
          const body = { site_id: siteId, lot_id: lotId, quantity: q, reason: reason.trim() };
          if (adjustKind === 'dispose') {
            await api.disposeStock(body);
            return `Disposed of ${q} ${itemName}.`;
          }
          await api.adjustStock(body);
          return `Corrected ${itemName} by ${q > 0 ? '+' : ''}${q}.`;
        });
      case 'count':
        return run(async () => {
          const r = await api.countStock({
            site_id: siteId,
            item_id: itemId,
            counts: lots.map((l) => ({ lot_id: l.lot_id, counted: l.lot_id in counts ? (counts[l.lot_id] ?? 0) : l.quantity })),
          });
          const n = r.movements?.length ?? 0;
          return n === 0 ? `Count saved for ${itemName}: it matched.` : `Count saved for ${itemName}: ${n} ${n === 1 ? 'lot' : 'lots'} corrected.`;
        });
    }
  };

  const titles: Record<Tool, string> = {
    receive: 'Receive a delivery',
    transfer: 'Send stock to another site',
    adjust: 'Correct or dispose of stock',
    count: 'Enter a physical count',
  };
  const itemOptions =
    tool === 'receive'
      ? items.map((i) => ({ value: i.id, label: i.name }))
      : inStock.map((r) => ({ value: r.item_id, label: `${r.item_name} (${r.quantity})` }));
  const lotError = fields.lot_id;
  const showRefusal = error instanceof ApiError && error.status === 409;

  return (
    <section class="card form-card" aria-labelledby="tool-heading" data-testid={`tool-${tool}`}>
      <h3 id="tool-heading">{titles[tool]}</h3>
      <form onSubmit={submit} noValidate>
        <ErrorMessage error={error}>{showRefusal ? `Not saved. ${(error as ApiError).detail}` : undefined}</ErrorMessage>
        {tool !== 'receive' && inStock.length === 0 ? (
          <p class="empty">Nothing in stock at this site.</p>
        ) : (
          <SelectField
            id="tool-item"
            label="Item"
            value={itemId}
            onValue={chooseItem}
            options={[{ value: '', label: 'Choose an item…' }, ...itemOptions]}
            error={fields.item_id}
          />
        )}
        {tool === 'receive' && (
          <>
            <TextField id="tool-lot-number" label="Lot number" hint="As printed on the box." value={lotNumber} onValue={setLotNumber} maxLength={60} autoComplete="off" error={fields.lot_number} />
            <DateField id="tool-expires" label="Expires on" optional value={expiresOn} onValue={setExpiresOn} error={fields.expires_on} />
            <NumberField id="tool-quantity" label="Quantity" value={quantity} onValue={setQuantity} min={1} error={fields.quantity} />
            <TextField id="tool-reason" label="Note" optional hint="For example the supplier or delivery number." value={reason} onValue={setReason} maxLength={200} error={fields.reason} />
          </>
        )}
        {tool === 'transfer' && itemId && (
          <>
            <SelectField
              id="tool-to-site"
              label="To site"
              value={toSite}
              onValue={setToSite}
              options={[{ value: '', label: 'Choose a site…' }, ...sites.filter((s) => s.id !== siteId).map((s) => ({ value: s.id, label: s.name }))]}
              error={fields.to_site_id}
            />
            <SelectField
              id="tool-lot"
              label="Lot"
              optional
              value={lotId}
              onValue={setLotId}
              options={[{ value: '', label: 'First to expire goes first' }, ...lots.map((l) => ({ value: l.lot_id, label: lotLabel(l) }))]}
              error={lotError}
            />
            <NumberField id="tool-quantity" label="Quantity" value={quantity} onValue={setQuantity} min={1} error={fields.quantity} />
          </>
        )}
        {tool === 'adjust' && itemId && (
          <>
            <Segmented
              label="What to do"
              value={adjustKind}
              onValue={setAdjustKind}
              options={[
                { value: 'adjust', label: 'Correct' },
                { value: 'dispose', label: 'Dispose' },
              ]}
            />
            <SelectField
              id="tool-lot"
              label="Lot"
              value={lotId}
              onValue={setLotId}
              options={[{ value: '', label: 'Choose a lot…' }, ...lots.map((l) => ({ value: l.lot_id, label: lotLabel(l) }))]}
              error={lotError}
            />
            <NumberField
              id="tool-quantity"
              label={adjustKind === 'adjust' ? 'Change' : 'Quantity to dispose of'}
              hint={adjustKind === 'adjust' ? 'Use a minus sign to take away, for example -3.' : undefined}
              allowNegative={adjustKind === 'adjust'}
              value={quantity}
              onValue={setQuantity}
              error={fields.quantity}
            />
            <TextField
              id="tool-reason"
              label="Reason"
              hint={adjustKind === 'adjust' ? 'For example: found a box, miscounted.' : 'For example: damaged, recalled.'}
              value={reason}
              onValue={setReason}
              maxLength={200}
              error={fields.reason}
            />
          </>
        )}
        {tool === 'count' && itemId && (
          <fieldset class="counts">
            <legend>Counted on the shelf</legend>
            {lots.length === 0 && <p class="empty">This item has no lots here.</p>}
            {lots.map((l, i) => (
              <NumberField
                key={l.lot_id}
                id={`count-${l.lot_id}`}
                label={`Lot ${l.lot_number}`}
                hint={`${l.quantity} expected${l.expires_on ? ` · expires ${formatDay(l.expires_on)}` : ''}`}
                value={l.lot_id in counts ? counts[l.lot_id] : l.quantity}
                onValue={(v) => setCounts({ ...counts, [l.lot_id]: v })}
                min={0}
                error={fields[`counts[${i}].counted`]}
              />
            ))}
          </fieldset>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Saving…' : tool === 'receive' ? 'Save delivery' : tool === 'transfer' ? 'Send' : tool === 'count' ? 'Save count' : 'Save'}
          </button>
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
