// The catalog: the items a program hands out (with when to reorder and a usual per-visit
// limit) and the kits that bundle them. Everyone who works with supplies can read it;
// coordinators add, change and archive.
import { useState } from 'preact/hooks';
import { api, ApiError, itemsOf, type Item, type ItemCategory, type ItemInput, type Kit } from '../api';
import { ErrorMessage, StatusMessage } from '../components/Alert';
import { Checkbox, SelectField, TextField } from '../components/Field';
import { NumberField } from '../components/Inputs';
import { Loading } from '../components/Loading';
import { NoAccess } from '../components/NoAccess';
import { Page } from '../components/Page';
import { Segmented } from '../components/Segmented';
import { useLoad } from '../components/useLoad';
import { CATEGORY_LABELS, label, optionsOf, queryParam } from '../labels';
import { navigate } from '../router';
import { useSession } from '../session';

type Tab = 'items' | 'kits';

export function CatalogPage() {
  const { session, can } = useSession();
  const allowed = can('supplies.read');
  const writable = can('supplies.write');
  const [tab, setTabRaw] = useState<Tab>(queryParam('tab') === 'kits' ? 'kits' : 'items');
  const [showArchived, setShowArchived] = useState(false);
  const items = useLoad(allowed ? () => api.items(true).then(itemsOf) : null, [session.program.id, allowed]);
  const kits = useLoad(allowed ? () => api.kits().then(itemsOf) : null, [session.program.id, allowed]);
  const [message, setMessage] = useState('');

  if (!allowed || (items.error instanceof ApiError && items.error.status === 403)) return <NoAccess title="Catalog" />;

  const setTab = (t: Tab) => {
    setTabRaw(t);
    setMessage('');
    navigate(t === 'kits' ? '/catalog?tab=kits' : '/catalog', true);
  };

  return (
    <Page title="Catalog" intro="The supplies your program hands out, and the kits that bundle them.">
      <Segmented
        label="Show"
        value={tab}
        onValue={setTab}
        options={[
          { value: 'items', label: 'Items' },
          { value: 'kits', label: 'Kits' },
        ]}
      />
      <StatusMessage>{message}</StatusMessage>
      {tab === 'items' && (
        <ItemsTab
          items={items.data}
          error={items.error}
          writable={writable}
          showArchived={showArchived}
          setShowArchived={setShowArchived}
          onChanged={(text) => {
            setMessage(text);
            items.reload();
            kits.reload();
          }}
        />
      )}
      {tab === 'kits' && (
        <KitsTab
          kits={kits.data}
          items={(items.data ?? []).filter((i) => !i.archived)}
          error={kits.error}
          writable={writable}
          onChanged={(text) => {
            setMessage(text);
            kits.reload();
          }}
        />
      )}
    </Page>
  );
}

function ItemsTab({
  items,
  error,
  writable,
  showArchived,
  setShowArchived,
  onChanged,
}: {
  items: Item[] | null;
  error: unknown;
  writable: boolean;
  showArchived: boolean;
  setShowArchived: (v: boolean) => void;
  onChanged: (message: string) => void;
}) {
  const [adding, setAdding] = useState(false);
  const [filter, setFilter] = useState('');
  const order = Object.keys(CATEGORY_LABELS);
  const shown = (items ?? [])
    .filter((i) => showArchived || !i.archived)
    .filter((i) => !filter.trim() || i.name.toLowerCase().includes(filter.trim().toLowerCase()))
    .sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category) || a.name.localeCompare(b.name));

  return (
    <section aria-labelledby="items-heading">
      <div class="list-head">
        <h2 id="items-heading">Items</h2>
        {writable && !adding && (
          <button type="button" class="primary" onClick={() => setAdding(true)}>
            Add an item
          </button>
        )}
      </div>
      {adding && (
        <ItemForm
          onCancel={() => setAdding(false)}
          onSaved={(item) => {
            setAdding(false);
            onChanged(`Item added: ${item.name}.`);
          }}
        />
      )}
      <TextField id="item-filter" label="Find an item" optional type="search" value={filter} onValue={setFilter} autoComplete="off" />
      <Checkbox label="Show archived items" checked={showArchived} onChecked={setShowArchived} />
      <ErrorMessage error={error} />
      {!items && !error && <Loading what="Loading items" />}
      {items && shown.length === 0 && <p class="empty">No items.</p>}
      <ul class="cards" data-testid="item-list">
        {shown.map((i) => (
          <ItemCard key={i.id} item={i} writable={writable} onChanged={onChanged} />
        ))}
      </ul>
    </section>
  );
}

function ItemCard({ item, writable, onChanged }: { item: Item; writable: boolean; onChanged: (m: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const setArchived = async (archived: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await api.updateItem(item.id, { archived });
      onChanged(archived ? `Archived: ${item.name}.` : `Restored: ${item.name}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class={`card${item.archived ? ' archived' : ''}`} data-item={item.name}>
      <div class="card-row">
        <h3>{item.name}</h3>
        {item.archived && <span class="badge">Archived</span>}
      </div>
      <p class="meta">
        {label(CATEGORY_LABELS, item.category)} · counted in {item.unit}
      </p>
      <p class="meta small">
        Reorder at {item.reorder_threshold}
        {item.soft_limit ? ` · usual limit ${item.soft_limit} per visit` : ' · no usual limit'}
      </p>
      <ErrorMessage error={error} />
      {writable && !editing && (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setEditing(true)} aria-label={`Edit ${item.name}`}>
            Edit
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={() => setArchived(!item.archived)} aria-label={`${item.archived ? 'Restore' : 'Archive'} ${item.name}`}>
            {item.archived ? 'Restore' : 'Archive'}
          </button>
        </div>
      )}
      {editing && (
        <ItemForm
          item={item}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            onChanged(`Saved: ${saved.name}.`);
          }}
        />
      )}
    </li>
  );
}

function ItemForm({ item, onSaved, onCancel }: { item?: Item; onSaved: (i: Item) => void; onCancel: () => void }) {
  const [name, setName] = useState(item?.name ?? '');
  const [unit, setUnit] = useState(item?.unit ?? '');
  const [category, setCategory] = useState<ItemCategory>(item?.category ?? 'injecting');
  const [reorder, setReorder] = useState<number | null>(item?.reorder_threshold ?? 0);
  const [softLimit, setSoftLimit] = useState<number | null>(item?.soft_limit ?? null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fieldErrors : {};
  const idp = item ? `item-${item.id}` : 'new-item';

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: ItemInput = { name: name.trim(), unit: unit.trim(), category, reorder_threshold: reorder ?? 0 };
    if (item) body.soft_limit = softLimit;
    else if (softLimit !== null) body.soft_limit = softLimit;
    try {
      onSaved(item ? await api.updateItem(item.id, body) : await api.createItem(body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate class={item ? 'form-stack' : 'card form-card'} aria-label={item ? `Edit ${item.name}` : 'Add an item'}>
      {!item && <h3>Add an item</h3>}
      <ErrorMessage error={error} />
      <TextField id={`${idp}-name`} label="Name" value={name} onValue={setName} maxLength={120} error={fields.name} />
      <TextField id={`${idp}-unit`} label="Unit" hint="What one of it is: syringe, box, kit…" value={unit} onValue={setUnit} maxLength={40} error={fields.unit} />
      <SelectField id={`${idp}-category`} label="Category" value={category} onValue={(v) => setCategory(v as ItemCategory)} options={optionsOf(CATEGORY_LABELS)} error={fields.category} />
      <NumberField id={`${idp}-reorder`} label="Reorder when a site has fewer than" value={reorder} onValue={setReorder} min={0} error={fields.reorder_threshold} />
      <NumberField
        id={`${idp}-soft-limit`}
        label="Usual limit per visit"
        optional
        hint="More than this is still allowed; the worker sees a note."
        value={softLimit}
        onValue={setSoftLimit}
        min={1}
        error={fields.soft_limit}
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : item ? 'Save changes' : 'Add item'}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function KitsTab({
  kits,
  items,
  error,
  writable,
  onChanged,
}: {
  kits: Kit[] | null;
  items: Item[];
  error: unknown;
  writable: boolean;
  onChanged: (message: string) => void;
}) {
  const [adding, setAdding] = useState(false);
  const shown = (kits ?? []).filter((k) => !k.archived).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section aria-labelledby="kits-heading">
      <div class="list-head">
        <h2 id="kits-heading">Kits</h2>
        {writable && !adding && (
          <button type="button" class="primary" onClick={() => setAdding(true)}>
            Add a kit
          </button>
        )}
      </div>
      <p class="hint">A kit fills in several items with one tap when logging an encounter.</p>
      {adding && (
        <KitForm
          items={items}
          onCancel={() => setAdding(false)}
          onSaved={(k) => {
            setAdding(false);
            onChanged(`Kit added: ${k.name}.`);
          }}
        />
      )}
      <ErrorMessage error={error} />
      {!kits && !error && <Loading what="Loading kits" />}
      {kits && shown.length === 0 && <p class="empty">No kits yet.</p>}
      <ul class="cards" data-testid="kit-list">
        {shown.map((k) => (
          <KitCard key={k.id} kit={k} items={items} writable={writable} onChanged={onChanged} />
        ))}
      </ul>
    </section>
  );
}

function KitCard({ kit, items, writable, onChanged }: { kit: Kit; items: Item[]; writable: boolean; onChanged: (m: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const archive = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.archiveKit(kit.id);
      onChanged(`Archived: ${kit.name}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="card" data-kit={kit.name}>
      <h3>{kit.name}</h3>
      <ul class="kit-contents">
        {kit.items.map((i) => (
          <li key={i.item_id}>
            <strong>{i.quantity}</strong> × {i.name}
          </li>
        ))}
      </ul>
      <ErrorMessage error={error} />
      {writable && !editing && !confirming && (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setEditing(true)} aria-label={`Edit ${kit.name}`}>
            Edit
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(true)} aria-label={`Archive ${kit.name}`}>
            Archive
          </button>
        </div>
      )}
      {confirming && (
        <div class="confirm" role="group" aria-label={`Archive ${kit.name}?`}>
          <p>Archive {kit.name}? It will no longer be offered when logging encounters.</p>
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={archive}>
              {busy ? 'Archiving…' : 'Yes, archive'}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {editing && (
        <KitForm
          kit={kit}
          items={items}
          onCancel={() => setEditing(false)}
          onSaved={(k) => {
            setEditing(false);
            onChanged(`Saved: ${k.name}.`);
          }}
        />
      )}
    </li>
  );
}

function KitForm({ kit, items, onSaved, onCancel }: { kit?: Kit; items: Item[]; onSaved: (k: Kit) => void; onCancel: () => void }) {
  const [name, setName] = useState(kit?.name ?? '');
  const [rows, setRows] = useState<{ item_id: string; quantity: number | null }[]>(
    kit?.items.map((i) => ({ item_id: i.item_id, quantity: i.quantity })) ?? [],
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fieldErrors : {};
  const idp = kit ? `kit-${kit.id}` : 'new-kit';
  const nameOf = (id: string) => items.find((i) => i.id === id)?.name ?? kit?.items.find((i) => i.item_id === id)?.name ?? 'Item';
  const free = items.filter((i) => !rows.some((r) => r.item_id === i.id));

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = { name: name.trim(), items: rows.map((r) => ({ item_id: r.item_id, quantity: r.quantity ?? 0 })) };
    try {
      onSaved(kit ? await api.updateKit(kit.id, body) : await api.createKit(body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate class={kit ? 'form-stack' : 'card form-card'} aria-label={kit ? `Edit ${kit.name}` : 'Add a kit'}>
      {!kit && <h3>Add a kit</h3>}
      <ErrorMessage error={error} />
      <TextField id={`${idp}-name`} label="Kit name" value={name} onValue={setName} maxLength={120} error={fields.name} />
      <fieldset class="kit-rows">
        <legend>What is in it</legend>
        {fields.items && <p class="field-error">{fields.items}</p>}
        {rows.map((r, i) => (
          <div class="kit-row" key={r.item_id}>
            <NumberField
              id={`${idp}-qty-${r.item_id}`}
              label={nameOf(r.item_id)}
              value={r.quantity}
              onValue={(v) => setRows(rows.map((x, j) => (j === i ? { ...x, quantity: v } : x)))}
              min={1}
              error={fields[`items[${i}].quantity`] ?? fields[`items[${i}].item_id`]}
            />
            <button type="button" class="secondary" aria-label={`Remove ${nameOf(r.item_id)}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        ))}
        {free.length > 0 && (
          <SelectField
            id={`${idp}-add`}
            label="Add an item to the kit"
            optional
            value=""
            onValue={(v) => v && setRows([...rows, { item_id: v, quantity: 1 }])}
            options={[{ value: '', label: 'Choose an item…' }, ...free.map((i) => ({ value: i.id, label: i.name }))]}
          />
        )}
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : kit ? 'Save kit' : 'Add kit'}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
