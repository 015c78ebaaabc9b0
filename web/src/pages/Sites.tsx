// Sites: the places and ways a program reaches people (fixed sites, outreach, mobile units,
// mail hubs). Everyone can see them; coordinators and admins can add and archive them.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, itemsOf, type Site, type SiteKind } from '../api';
import { ErrorMessage, StatusMessage } from '../components/Alert';
import { Checkbox, SelectField, TextField } from '../components/Field';
import { Loading } from '../components/Loading';
import { NoAccess } from '../components/NoAccess';
import { Page } from '../components/Page';
import { SITE_KIND_LABELS, siteKindLabel } from '../format';
import { useSession } from '../session';

const KIND_OPTIONS = (Object.keys(SITE_KIND_LABELS) as SiteKind[]).map((k) => ({ value: k, label: SITE_KIND_LABELS[k] }));

export function SitesPage() {
  const { session, can } = useSession();
  const [includeArchived, setIncludeArchived] = useState(false);
  const [sites, setSites] = useState<Site[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState('');

  const load = useCallback(() => {
    setError(null);
    api
      .sites(includeArchived)
      .then((list) => setSites(itemsOf(list)))
      .catch(setError);
  }, [includeArchived]);

  useEffect(load, [load, session.program.id]);

  if (!can('sites.read') || (error instanceof ApiError && error.status === 403)) return <NoAccess title="Sites" />;

  const writable = can('sites.write');
  const shown = sites ? [...sites].sort((a, b) => Number(a.archived) - Number(b.archived) || a.name.localeCompare(b.name)) : null;

  return (
    <Page
      title="Sites"
      intro="Where and how your program meets people: fixed sites, outreach, mobile units and mail hubs."
      actions={
        writable &&
        !adding && (
          <button type="button" class="primary" onClick={() => setAdding(true)}>
            Add a site
          </button>
        )
      }
    >
      <StatusMessage>{message}</StatusMessage>
      {adding && (
        <AddSiteForm
          onCancel={() => setAdding(false)}
          onAdded={(site) => {
            setAdding(false);
            setMessage(`Site added: ${site.name}.`);
            load();
          }}
        />
      )}

      <section aria-labelledby="site-list-heading">
        <div class="list-head">
          <h2 id="site-list-heading">All sites</h2>
          <Checkbox label="Show archived sites" checked={includeArchived} onChecked={setIncludeArchived} />
        </div>
        <ErrorMessage error={error} />
        {!shown && !error && <Loading what="Loading sites" />}
        {shown && shown.length === 0 && (
          <p class="empty">No sites yet.{writable ? ' Add the first one with “Add a site”.' : ''}</p>
        )}
        {shown && shown.length > 0 && (
          <ul class="cards" data-testid="site-list">
            {shown.map((site) => (
              <SiteCard
                key={site.id}
                site={site}
                writable={writable}
                onChanged={(text) => {
                  setMessage(text);
                  load();
                }}
              />
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

function SiteCard({ site, writable, onChanged }: { site: Site; writable: boolean; onChanged: (message: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setConfirming(false);
      onChanged(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class={`card site${site.archived ? ' archived' : ''}`}>
      <div class="card-row">
        <h3>{site.name}</h3>
        {site.archived && <span class="badge">Archived</span>}
      </div>
      <p class="meta">
        <span class="kind">{siteKindLabel(site.kind)}</span>
        {site.area && <span> · {site.area}</span>}
      </p>
      <ErrorMessage error={error} />
      {writable && !site.archived && !confirming && (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setConfirming(true)} aria-label={`Archive ${site.name}`}>
            Archive
          </button>
        </div>
      )}
      {writable && confirming && (
        <div class="confirm" role="group" aria-label={`Archive ${site.name}?`}>
          <p>Archive {site.name}? It will be hidden from lists. Its history is kept.</p>
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={() => run(() => api.archiveSite(site.id), `Archived: ${site.name}.`)}>
              {busy ? 'Archiving…' : 'Yes, archive'}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {writable && site.archived && (
        <div class="actions">
          <button
            type="button"
            class="secondary"
            disabled={busy}
            aria-label={`Restore ${site.name}`}
            onClick={() => run(() => api.updateSite(site.id, { archived: false }), `Restored: ${site.name}.`)}
          >
            Restore
          </button>
        </div>
      )}
    </li>
  );
}

function AddSiteForm({ onAdded, onCancel }: { onAdded: (site: Site) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SiteKind>('fixed');
  const [area, setArea] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fieldErrors : {};

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: { name: string; kind: SiteKind; area?: string } = { name: name.trim(), kind };
      if (area.trim()) body.area = area.trim();
      onAdded(await api.createSite(body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card form-card" aria-labelledby="add-site-heading">
      <h2 id="add-site-heading">Add a site</h2>
      <form onSubmit={submit} noValidate>
        <ErrorMessage error={error} />
        <TextField id="site-name" label="Name" value={name} onValue={setName} maxLength={120} error={fields.name} />
        <SelectField
          id="site-kind"
          label="Kind"
          value={kind}
          onValue={(v) => setKind(v as SiteKind)}
          options={KIND_OPTIONS}
          error={fields.kind}
        />
        <TextField
          id="site-area"
          label="Area"
          optional
          hint="A neighbourhood or district. Never a street address."
          value={area}
          onValue={setArea}
          maxLength={120}
          error={fields.area}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save site'}
          </button>
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
