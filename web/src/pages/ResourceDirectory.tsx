// The directory of services people are referred to (housing, care, treatment, testing, legal,
// food, shelter): search and filter by kind; coordinators add, change and archive entries.
import { useState } from 'preact/hooks';
import { api, ApiError, itemsOf, type Resource, type ResourceInput, type ResourceKind } from '../api';
import { ErrorMessage } from '../components/Alert';
import { Checkbox, SelectField, TextField } from '../components/Field';
import { TextArea } from '../components/Inputs';
import { Loading } from '../components/Loading';
import { useLoad } from '../components/useLoad';
import { label, optionsOf, RESOURCE_KIND_LABELS } from '../labels';
import { useSession } from '../session';

export function Directory({ onMessage }: { onMessage: (m: string) => void }) {
  const { session, can } = useSession();
  const writable = can('resources.write');
  const [kind, setKind] = useState<ResourceKind | ''>('');
  const [search, setSearch] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [adding, setAdding] = useState(false);
  const resources = useLoad(() => api.resources(kind || undefined).then(itemsOf), [session.program.id, kind]);
  const q = search.trim().toLowerCase();
  const shown = (resources.data ?? [])
    .filter((r) => showArchived || !r.archived)
    .filter((r) => !q || [r.name, r.area, r.contact, r.eligibility, r.hours].some((t) => t?.toLowerCase().includes(q)))
    .sort((a, b) => Number(a.archived) - Number(b.archived) || a.name.localeCompare(b.name));

  return (
    <section aria-labelledby="directory-heading">
      <div class="list-head">
        <h2 id="directory-heading">Directory of services</h2>
        {writable && !adding && (
          <button type="button" class="primary" onClick={() => setAdding(true)}>
            Add a service
          </button>
        )}
      </div>
      {adding && (
        <ResourceForm
          onCancel={() => setAdding(false)}
          onSaved={(r) => {
            setAdding(false);
            onMessage(`Added to the directory: ${r.name}.`);
            resources.reload();
          }}
        />
      )}
      <div class="filters">
        <TextField id="resource-search" label="Search" optional type="search" value={search} onValue={setSearch} autoComplete="off" />
        <SelectField
          id="resource-kind"
          label="Kind of service"
          value={kind}
          onValue={(v) => setKind(v as ResourceKind | '')}
          options={[{ value: '', label: 'All kinds' }, ...optionsOf(RESOURCE_KIND_LABELS)]}
        />
      </div>
      {writable && <Checkbox label="Show archived services" checked={showArchived} onChecked={setShowArchived} />}
      <ErrorMessage error={resources.error} />
      {!resources.data && !resources.error && <Loading what="Loading the directory" />}
      {resources.data && shown.length === 0 && <p class="empty">No services found.</p>}
      <ul class="cards" data-testid="resource-list">
        {shown.map((r) => (
          <ResourceCard
            key={r.id}
            resource={r}
            writable={writable}
            onChanged={(text) => {
              onMessage(text);
              resources.reload();
            }}
          />
        ))}
      </ul>
    </section>
  );
}

function ResourceCard({ resource: r, writable, onChanged }: { resource: Resource; writable: boolean; onChanged: (m: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const toggleArchived = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.updateResource(r.id, { archived: !r.archived });
      onChanged(r.archived ? `Restored: ${r.name}.` : `Archived: ${r.name}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const details: [string, string | null][] = [
    ['Hours', r.hours],
    ['Who can go', r.eligibility],
    ['How to refer', r.how_to_refer],
    ['Contact', r.contact],
    ['Area', r.area],
  ];
  return (
    <li class={`card${r.archived ? ' archived' : ''}`} data-resource={r.name}>
      <div class="card-row">
        <h3>{r.name}</h3>
        {r.archived && <span class="badge">Archived</span>}
      </div>
      <p class="meta">{label(RESOURCE_KIND_LABELS, r.kind)}</p>
      <dl class="details">
        {details
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{k === 'Contact' && /^\+?[0-9 ()-]{6,}$/.test(v!.trim()) ? <a href={`tel:${v!.replace(/[^0-9+]/g, '')}`}>{v}</a> : v}</dd>
            </div>
          ))}
      </dl>
      <ErrorMessage error={error} />
      {writable && !editing && (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setEditing(true)} aria-label={`Edit ${r.name}`}>
            Edit
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={toggleArchived} aria-label={`${r.archived ? 'Restore' : 'Archive'} ${r.name}`}>
            {r.archived ? 'Restore' : 'Archive'}
          </button>
        </div>
      )}
      {editing && (
        <ResourceForm
          resource={r}
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

function ResourceForm({ resource, onSaved, onCancel }: { resource?: Resource; onSaved: (r: Resource) => void; onCancel: () => void }) {
  const [v, setV] = useState({
    name: resource?.name ?? '',
    kind: resource?.kind ?? ('housing' as ResourceKind),
    hours: resource?.hours ?? '',
    eligibility: resource?.eligibility ?? '',
    how_to_refer: resource?.how_to_refer ?? '',
    contact: resource?.contact ?? '',
    area: resource?.area ?? '',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fieldErrors : {};
  const idp = resource ? `resource-${resource.id}` : 'new-resource';
  const set = (k: keyof typeof v) => (value: string) => setV({ ...v, [k]: value });

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: ResourceInput = { name: v.name.trim(), kind: v.kind };
    for (const k of ['hours', 'eligibility', 'how_to_refer', 'contact', 'area'] as const) {
      const t = v[k].trim();
      if (t) body[k] = t;
      else if (resource && resource[k]) body[k] = null;
    }
    try {
      onSaved(resource ? await api.updateResource(resource.id, body) : await api.createResource(body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate class={resource ? 'form-stack' : 'card form-card'} aria-label={resource ? `Edit ${resource.name}` : 'Add a service'}>
      {!resource && <h3>Add a service</h3>}
      <ErrorMessage error={error} />
      <TextField id={`${idp}-name`} label="Name" value={v.name} onValue={set('name')} maxLength={120} error={fields.name} />
      <SelectField id={`${idp}-kind`} label="Kind" value={v.kind} onValue={set('kind')} options={optionsOf(RESOURCE_KIND_LABELS)} error={fields.kind} />
      <TextField id={`${idp}-hours`} label="Hours" optional value={v.hours} onValue={set('hours')} maxLength={200} error={fields.hours} />
      <TextArea id={`${idp}-eligibility`} label="Who can go" optional value={v.eligibility} onValue={set('eligibility')} maxLength={1000} error={fields.eligibility} />
      <TextArea id={`${idp}-how`} label="How to refer" optional value={v.how_to_refer} onValue={set('how_to_refer')} maxLength={1000} error={fields.how_to_refer} />
      <TextField id={`${idp}-contact`} label="Contact" optional hint="Phone, email or website." value={v.contact} onValue={set('contact')} maxLength={200} error={fields.contact} />
      <TextField id={`${idp}-area`} label="Area" optional value={v.area} onValue={set('area')} maxLength={120} error={fields.area} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : resource ? 'Save changes' : 'Add service'}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
