// Log an encounter: the peer worker's most frequent task, built to take under 30 seconds on a
// phone. Pick the site (remembered), find or create the person's code (or leave it anonymous),
// tap a kit, adjust with − and +, add returns, services and a referral, save. The server
// checks stock; when there is not enough, its message is shown next to the item and the form
// stays as it was.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  api,
  ApiError,
  itemsOf,
  type EncounterInput,
  type Item,
  type Kit,
  type Participant,
  type Resource,
  type SavedEncounter,
  type Service,
  type Settings,
  type SiteKind,
} from '../api';
import { ErrorMessage, StatusMessage } from '../components/Alert';
import { UndoForm } from '../components/EncounterCard';
import { MyRecentEncounters } from '../components/MyRecentEncounters';
import { CodeFinder, defaultWay } from '../components/CodeFinder';
import { Checkbox, SelectField, TextField } from '../components/Field';
import { DateField, NumberField, Stepper } from '../components/Inputs';
import { Link } from '../components/Link';
import { Loading } from '../components/Loading';
import { NoAccess } from '../components/NoAccess';
import { Page } from '../components/Page';
import { Segmented } from '../components/Segmented';
import { defaultSiteId, SitePicker, useSites } from '../components/SitePicker';
import { useLoad } from '../components/useLoad';
import { addDays, formatDay, label, modeForSite, rememberSite, RESOURCE_KIND_LABELS, SERVICE_LABELS, todayDay } from '../labels';
import { useSession } from '../session';

interface Line {
  item_id: string;
  quantity: number;
  for_others: number;
}

type Who = 'answers' | 'card' | 'anonymous';

const SERVICES = Object.keys(SERVICE_LABELS) as Service[];

export function EncounterPage() {
  const { session, can } = useSession();
  const allowed = can('encounters.write');
  const program = session.program.id;
  const sites = useSites();
  const settings = useLoad(allowed ? () => api.settings() : null, [program, allowed]);
  const catalog = useLoad(
    allowed ? () => Promise.all([api.items(), api.kits()]).then(([i, k]) => ({ items: itemsOf(i), kits: itemsOf(k) })) : null,
    [program, allowed],
  );
  const canRefer = can('referrals.write') && can('referrals.read');
  const resources = useLoad(
    allowed && canRefer ? () => api.resources().then((l) => itemsOf(l).filter((r) => !r.archived)) : null,
    [program, allowed, canRefer],
  );

  const [chosenSite, setSiteId] = useState('');
  const siteId = chosenSite || (sites.data ? defaultSiteId(program, sites.data) : '');
  const stock = useLoad(
    allowed && siteId && can('supplies.read')
      ? () => api.stock(siteId).then((l) => new Map(itemsOf(l).map((r) => [r.item_id, r.quantity])))
      : null,
    [siteId, allowed],
  );
  const [saved, setSaved] = useState<SavedEncounter | null>(null);
  const [round, setRound] = useState(0);
  const [changes, setChanges] = useState(0);  // encounters saved or undone on this page

  if (!allowed) return <NoAccess title="Log an encounter" />;

  const loadError = sites.error || settings.error || catalog.error;
  const ready = sites.data && settings.data && catalog.data;

  return (
    <Page title="Log an encounter">
      {loadError ? <ErrorMessage error={loadError} /> : null}
      {!ready && !loadError && <Loading what="Getting the form ready" />}
      {ready && sites.data!.length === 0 && (
        <p class="empty">This program has no sites yet. A coordinator can add one under Sites.</p>
      )}
      {ready && sites.data!.length > 0 && (
        <>
          <div class="card site-card">
            <SitePicker id="encounter-site" label="Site" sites={sites.data!} value={siteId} onSite={setSiteId} />
          </div>
          {saved ? (
            <Saved
              encounter={saved}
              items={catalog.data!.items}
              siteName={sites.data!.find((s) => s.id === saved.site_id)?.name ?? ''}
              onAnother={() => {
                setSaved(null);
                setRound(round + 1);
                stock.reload();
                window.scrollTo(0, 0);
              }}
              onUndone={(e) => {
                setSaved({ ...saved, ...e });
                stock.reload();
                setChanges(changes + 1);
              }}
            />
          ) : (
            siteId && (
              <EncounterForm
                key={round}
                siteId={siteId}
                siteKind={sites.data!.find((s) => s.id === siteId)?.kind}
                settings={settings.data!}
                items={catalog.data!.items.filter((i) => !i.archived)}
                kits={catalog.data!.kits.filter((k) => !k.archived).sort((a, b) => a.name.localeCompare(b.name))}
                stock={stock.data}
                resources={resources.data ?? []}
                canRefer={canRefer}
                canCreateCode={can('participants.write')}
                onSaved={(e) => {
                  rememberSite(program, e.site_id);
                  setSaved(e);
                  stock.reload();
                  setChanges(changes + 1);
                }}
              />
            )
          )}
          <MyRecentEncounters
            sites={sites.data!}
            refresh={changes}
            onUndone={(e) => {
              if (saved?.id === e.id) setSaved({ ...saved, ...e });
              stock.reload();
            }}
          />
        </>
      )}
    </Page>
  );
}

function EncounterForm({
  siteId,
  siteKind,
  settings,
  items,
  kits,
  stock,
  resources,
  canRefer,
  canCreateCode,
  onSaved,
}: {
  siteId: string;
  siteKind: SiteKind | undefined;
  settings: Settings;
  items: Item[];
  kits: Kit[];
  stock: Map<string, number> | null;
  resources: Resource[];
  canRefer: boolean;
  canCreateCode: boolean;
  onSaved: (e: SavedEncounter) => void;
}) {
  const itemById = useMemo(() => new Map(items.map((i) => [i.id, i])), [items]);
  const [who, setWho] = useState<Who>(defaultWay(settings));
  const [participant, setParticipant] = useState<Participant | null>(null);
  const [created, setCreated] = useState(false);
  const [lines, setLines] = useState<Line[]>([]);
  const [kitTaps, setKitTaps] = useState<string[]>([]);
  const [forOthers, setForOthers] = useState(false);
  const [forOthersPeople, setForOthersPeople] = useState<number | null>(null);
  const [returnedSyringes, setReturnedSyringes] = useState(0);
  const [returnedContainers, setReturnedContainers] = useState(0);
  const [services, setServices] = useState<Service[]>([]);
  const [area, setArea] = useState('');
  const [resourceId, setResourceId] = useState('');
  const [followUp, setFollowUp] = useState(addDays(todayDay(), settings.follow_up_days ?? 7));
  const [useExpired, setUseExpired] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [formError, setFormError] = useState('');
  const [sentLines, setSentLines] = useState<Line[]>([]);
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  // A new site means new stock; earlier refusals no longer apply.
  useEffect(() => setProblem(null), [siteId]);

  const fields = problem instanceof ApiError ? problem.fieldErrors : {};
  const refusal =
    problem instanceof ApiError && problem.status === 409 && typeof problem.problem.item_id === 'string'
      ? { itemId: problem.problem.item_id as string, message: problem.detail }
      : null;
  const lineError = (itemId: string, field: 'quantity' | 'for_others'): string | undefined => {
    if (field === 'quantity' && refusal?.itemId === itemId) return refusal.message;
    const i = sentLines.findIndex((l) => l.item_id === itemId);
    if (i < 0) return undefined;
    return fields[`items[${i}].${field}`] ?? (field === 'quantity' ? fields[`items[${i}].item_id`] ?? fields[`items[${i}]`] : undefined);
  };

  const tapKit = (kit: Kit) => {
    const next = [...lines];
    for (const k of kit.items) {
      const at = next.findIndex((l) => l.item_id === k.item_id);
      if (at >= 0) next[at] = { ...next[at], quantity: next[at].quantity + k.quantity };
      else next.push({ item_id: k.item_id, quantity: k.quantity, for_others: 0 });
    }
    setLines(next);
    setKitTaps([...kitTaps, kit.id]);
  };

  const setLine = (itemId: string, patch: Partial<Line>) =>
    setLines(
      lines.map((l) => {
        if (l.item_id !== itemId) return l;
        const merged = { ...l, ...patch };
        return { ...merged, for_others: Math.min(merged.for_others, merged.quantity) };
      }),
    );

  const addItem = (itemId: string) => {
    if (!itemId || lines.some((l) => l.item_id === itemId)) return;
    setLines([...lines, { item_id: itemId, quantity: 1, for_others: 0 }]);
  };

  const clear = () => {
    setLines([]);
    setKitTaps([]);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    setFormError('');
    if (who !== 'anonymous' && !participant) {
      setFormError('Find or create the person’s code first, or choose “Anonymous”.');
      alertRef.current?.scrollIntoView({ block: 'center' });
      return;
    }
    const given = lines.filter((l) => l.quantity > 0);
    const anyForOthers = forOthers && given.some((l) => l.for_others > 0);
    const body: EncounterInput = {
      site_id: siteId,
      mode: modeForSite(siteKind),
      items: given.map((l) => ({
        item_id: l.item_id,
        quantity: l.quantity,
        ...(forOthers && l.for_others > 0 ? { for_others: l.for_others } : {}),
      })),
    };
    if (area.trim()) body.area = area.trim();
    if (who !== 'anonymous' && participant) body.participant_id = participant.id;
    // The kit that was tapped, when only one kind was used.
    if (kitTaps.length > 0 && kitTaps.every((k) => k === kitTaps[0])) body.kit_id = kitTaps[0];
    if (returnedSyringes) body.returned_syringes = returnedSyringes;
    if (returnedContainers) body.returned_containers = returnedContainers;
    if (services.length) body.services = services;
    if (anyForOthers && forOthersPeople) body.for_others_people = forOthersPeople;
    if (resourceId) body.referrals = [{ resource_id: resourceId, ...(followUp ? { follow_up_on: followUp } : {}) }];
    if (useExpired) body.use_expired = true;
    setSentLines(given);
    setBusy(true);
    try {
      onSaved(await api.createEncounter(body));
    } catch (err) {
      setProblem(err);
      requestAnimationFrame(() => alertRef.current?.scrollIntoView({ block: 'center' }));
    } finally {
      setBusy(false);
    }
  };

  const available = (itemId: string) => stock?.get(itemId) ?? (stock ? 0 : null);
  const notListed = items.filter((i) => !lines.some((l) => l.item_id === i.id));
  const kitCount = (id: string) => kitTaps.filter((k) => k === id).length;
  const resource = resources.find((r) => r.id === resourceId);

  return (
    <>
      <section class="card" aria-labelledby="who-heading">
        <h2 id="who-heading">Who</h2>
        <Segmented
          label="How to find the person’s code"
          value={who}
          onValue={(w) => {
            setWho(w);
            setFormError('');
          }}
          options={[
            ...(settings.uic_formula?.length ? [{ value: 'answers' as Who, label: 'Questions' }] : []),
            { value: 'card', label: 'Card' },
            { value: 'anonymous', label: 'Anonymous' },
          ]}
        />
        {who === 'anonymous' && <p class="hint">Nothing identifies the person. The visit still counts.</p>}
        {who !== 'anonymous' && participant && (
          <div class="code-chosen" data-testid="chosen-code">
            <p>
              <span class="code-label">Code</span> <strong class="display-code">{participant.display_code}</strong>
              {created ? <span class="badge new">New</span> : null}
            </p>
            {participant.card_code && (
              <p class="card-code" role="status">
                Write this on the person’s card: <strong class="mono">{participant.card_code}</strong>
              </p>
            )}
            <p class="meta small">
              {created
                ? 'First visit with this code.'
                : `Seen ${participant.encounter_count} ${participant.encounter_count === 1 ? 'time' : 'times'} before.`}
            </p>
            <button type="button" class="secondary" onClick={() => setParticipant(null)}>
              Change code
            </button>
          </div>
        )}
        {who !== 'anonymous' && !participant && (
          <CodeFinder
            key={who}
            way={who}
            settings={settings}
            idPrefix="encounter-code"
            canCreate={canCreateCode}
            onFound={(p, how) => {
              setParticipant(p);
              setCreated(how === 'created');
              setFormError('');
            }}
          />
        )}
      </section>

      <form onSubmit={save} noValidate aria-label="Encounter">
        <section class="card" aria-labelledby="supplies-heading">
          <h2 id="supplies-heading">Supplies</h2>
          {kits.length > 0 && (
            <>
              <div class="kits" role="group" aria-label="Add a kit">
                {kits.map((k) => (
                  <button key={k.id} type="button" class="kit" onClick={() => tapKit(k)} aria-describedby={`kit-${k.id}-contents`}>
                    <span class="kit-name">{k.name}</span>
                    {kitCount(k.id) > 0 && <span class="badge">×{kitCount(k.id)}</span>}
                  </button>
                ))}
              </div>
              <div class="visually-hidden">
                {kits.map((k) => (
                  <span key={k.id} id={`kit-${k.id}-contents`}>
                    {k.items.map((i) => `${i.quantity} ${i.name}`).join(', ')}
                  </span>
                ))}
              </div>
            </>
          )}
          {lines.length === 0 && <p class="empty">Tap a kit, or add items one by one.</p>}
          {lines.length > 0 && (
            <Checkbox
              label="Some of these are for other people"
              checked={forOthers}
              onChecked={setForOthers}
              hint="Supplies a person takes to people who could not come."
            />
          )}
          <ul class="lines" data-testid="encounter-lines">
            {lines.map((l) => {
              const item = itemById.get(l.item_id);
              const name = item?.name ?? 'Item';
              const have = available(l.item_id);
              const err = lineError(l.item_id, 'quantity');
              return (
                <li key={l.item_id} class={`line${err ? ' has-error' : ''}`} data-item={name}>
                  <Stepper
                    id={`qty-${l.item_id}`}
                    label={name}
                    hint={have === null ? undefined : `${have} in stock here${item?.soft_limit ? ` · usual limit ${item.soft_limit}` : ''}`}
                    value={l.quantity}
                    onValue={(v) => setLine(l.item_id, { quantity: v })}
                    error={err}
                  />
                  {forOthers && (
                    <Stepper
                      id={`others-${l.item_id}`}
                      label="For others"
                      name={`${name} for others`}
                      compact
                      value={l.for_others}
                      max={l.quantity}
                      onValue={(v) => setLine(l.item_id, { for_others: v })}
                      error={lineError(l.item_id, 'for_others')}
                    />
                  )}
                </li>
              );
            })}
          </ul>
          {notListed.length > 0 && (
            <SelectField
              id="add-item"
              label="Add an item"
              optional
              value=""
              onValue={addItem}
              options={[{ value: '', label: 'Choose an item…' }, ...notListed.map((i) => ({ value: i.id, label: i.name }))]}
            />
          )}
          {lines.length > 0 && (
            <button type="button" class="secondary" onClick={clear}>
              Clear supplies
            </button>
          )}
          {forOthers && lines.some((l) => l.for_others > 0) && (
            <NumberField
              id="for-others-people"
              label="How many other people are these for?"
              hint="Your best guess is fine."
              value={forOthersPeople}
              onValue={setForOthersPeople}
              min={0}
              optional
              error={fields.for_others_people}
            />
          )}
          {settings.allow_expired_dispense && (
            <Checkbox
              label="Hand out expired stock if nothing else is left"
              checked={useExpired}
              onChecked={setUseExpired}
            />
          )}
        </section>

        <section class="card" aria-labelledby="returns-heading">
          <h2 id="returns-heading">Returns</h2>
          <Stepper
            id="returned-syringes"
            label="Used syringes returned"
            value={returnedSyringes}
            onValue={setReturnedSyringes}
            error={fields.returned_syringes}
          />
          <Stepper
            id="returned-containers"
            label="Sharps containers returned"
            value={returnedContainers}
            onValue={setReturnedContainers}
            error={fields.returned_containers}
          />
        </section>

        <section class="card" aria-labelledby="services-heading">
          <h2 id="services-heading">Services</h2>
          <div class="checks">
            {SERVICES.map((s) => (
              <Checkbox
                key={s}
                label={SERVICE_LABELS[s]}
                checked={services.includes(s)}
                onChecked={(on) => setServices(on ? [...services, s] : services.filter((x) => x !== s))}
              />
            ))}
          </div>
          {fields.services && <p class="field-error">{fields.services}</p>}
          {(siteKind === 'outreach' || siteKind === 'mobile') && (
            <TextField
              id="encounter-area"
              label="Area"
              optional
              hint="A neighbourhood or district. Never a street address."
              value={area}
              onValue={setArea}
              maxLength={120}
              error={fields.area}
            />
          )}
        </section>

        {canRefer && (
          <section class="card" aria-labelledby="referral-heading">
            <h2 id="referral-heading">Referral</h2>
            {resources.length === 0 ? (
              <p class="empty">No services in the directory yet. A coordinator can add them under Referrals.</p>
            ) : (
              <>
                <SelectField
                  id="referral-resource"
                  label="Refer to"
                  optional
                  value={resourceId}
                  onValue={setResourceId}
                  options={[
                    { value: '', label: 'No referral' },
                    ...resources.map((r) => ({ value: r.id, label: `${r.name} (${label(RESOURCE_KIND_LABELS, r.kind)})` })),
                  ]}
                  error={fields['referrals[0].resource_id']}
                />
                {resource && (
                  <>
                    {resource.how_to_refer && <p class="hint">How to refer: {resource.how_to_refer}</p>}
                    <DateField
                      id="referral-follow-up"
                      label="Follow up on"
                      optional
                      value={followUp}
                      onValue={setFollowUp}
                      min={todayDay()}
                      error={fields['referrals[0].follow_up_on']}
                    />
                  </>
                )}
              </>
            )}
          </section>
        )}

        <div ref={alertRef}>
          {formError && <ErrorMessage>{formError}</ErrorMessage>}
          {problem ? (
            <ErrorMessage error={problem}>
              {problem instanceof ApiError && problem.status === 409
                ? `Not saved. ${problem.detail}`
                : problem instanceof ApiError && problem.status === 422
                  ? `Not saved. ${problem.errors.length ? 'Please check the marked fields.' : problem.detail}`
                  : undefined}
            </ErrorMessage>
          ) : null}
          {problem instanceof ApiError && problem.status === 422 && fields.site_id && <ErrorMessage>Site: {fields.site_id}</ErrorMessage>}
          {problem instanceof ApiError && problem.status === 422 && fields.participant_id && (
            <ErrorMessage>Code: {fields.participant_id}</ErrorMessage>
          )}
        </div>
        <div class="save-bar">
          <button type="submit" class="primary wide big" disabled={busy}>
            {busy ? 'Saving…' : 'Save encounter'}
          </button>
        </div>
      </form>
    </>
  );
}

function Saved({
  encounter,
  items,
  siteName,
  onAnother,
  onUndone,
}: {
  encounter: SavedEncounter;
  items: Item[];
  siteName: string;
  onAnother: () => void;
  onUndone: (e: SavedEncounter) => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [undoing, setUndoing] = useState(false);
  useEffect(() => heading.current?.focus(), []);
  const nameOf = (id: string) => items.find((i) => i.id === id)?.name ?? 'an item';
  const total = encounter.items.reduce((n, i) => n + i.quantity, 0);
  const warnings = encounter.warnings ?? [];
  return (
    <section class="card saved" aria-labelledby="saved-heading" data-testid="encounter-saved">
      <h2 id="saved-heading" tabIndex={-1} ref={heading}>
        Encounter saved
      </h2>
      <StatusMessage>
        {encounter.voided
          ? 'Undone. The supplies are back in stock.'
          : `Saved at ${siteName}${encounter.display_code ? ` for ${encounter.display_code}` : ' (anonymous)'}.`}
      </StatusMessage>
      {warnings.length > 0 && (
        <div class="alert alert-warn" data-testid="encounter-warnings">
          <p>
            <strong>Please note:</strong>
          </p>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w.message || `More ${nameOf(w.item_id)} than usual.`}</li>
            ))}
          </ul>
        </div>
      )}
      <dl class="facts">
        <div>
          <dt>Supplies</dt>
          <dd>{total === 0 ? 'None' : `${total} in all`}</dd>
        </div>
        <div>
          <dt>Returned syringes</dt>
          <dd>{encounter.returned_syringes}</dd>
        </div>
      </dl>
      {encounter.items.length > 0 && (
        <ul class="saved-items">
          {encounter.items.map((i) => (
            <li key={i.item_id}>
              {i.quantity} × {i.item_name || nameOf(i.item_id)}
              {i.for_others ? ` (${i.for_others} for others)` : ''}
            </li>
          ))}
        </ul>
      )}
      {encounter.referrals?.length > 0 && (
        <p>
          Referral made to {encounter.referrals.map((r) => r.resource_name).join(', ')}
          {encounter.referrals[0].follow_up_on ? `, follow up on ${formatDay(encounter.referrals[0].follow_up_on)}` : ''}.
        </p>
      )}
      <div class="actions">
        <button type="button" class="primary big" onClick={onAnother}>
          Log another
        </button>
        <Link href={`/stock?site_id=${encounter.site_id}`} class="button secondary">
          See stock
        </Link>
        {!encounter.voided && !undoing && (
          <button type="button" class="secondary" onClick={() => setUndoing(true)}>
            Undo
          </button>
        )}
      </div>
      {undoing && (
        <UndoForm
          encounterId={encounter.id}
          onUndone={(e) => {
            setUndoing(false);
            onUndone({ ...encounter, ...e });
          }}
          onCancel={() => setUndoing(false)}
        />
      )}
    </section>
  );
}
