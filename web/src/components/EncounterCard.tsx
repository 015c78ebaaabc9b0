// One encounter as a card (a code's history, a peer's recent encounters), and the form that
// undoes (voids) an encounter with a reason.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, type Encounter } from '../api';
import { formatDateTime } from '../format';
import { label, SERVICE_LABELS } from '../labels';
import { ErrorMessage } from './Alert';
import { TextField } from './Field';

export function EncounterCard({
  encounter: e,
  site,
  children,
}: {
  encounter: Encounter;
  site: string;
  children?: ComponentChildren;
}) {
  return (
    <li class={`card${e.voided ? ' archived' : ''}`} data-encounter={e.id}>
      <div class="card-row">
        <h3>{formatDateTime(e.occurred_at)}</h3>
        {e.voided && <span class="badge">Undone</span>}
      </div>
      <p class="meta">
        {site}
        {e.display_code ? ` · ${e.display_code}` : ''}
      </p>
      {e.items.length > 0 && (
        <p>
          {e.items
            .map((i) => `${i.quantity} ${i.item_name}${i.for_others ? ` (${i.for_others} for others)` : ''}`)
            .join(', ')}
        </p>
      )}
      {(e.returned_syringes > 0 || e.returned_containers > 0) && (
        <p class="small">
          Returned: {e.returned_syringes} syringes, {e.returned_containers} containers
        </p>
      )}
      {e.services.length > 0 && <p class="small">Services: {e.services.map((s) => label(SERVICE_LABELS, s)).join(', ')}</p>}
      {e.voided && e.void_reason && <p class="small">Why it was undone: {e.void_reason}</p>}
      {children}
    </li>
  );
}

/** Asks why, then voids the encounter: its supplies go back into stock. */
export function UndoForm({
  encounterId,
  onUndone,
  onCancel,
}: {
  encounterId: string;
  onUndone: (e: Encounter) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const undo = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onUndone(await api.voidEncounter(encounterId, reason.trim()));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = error instanceof ApiError ? error.fieldErrors.reason : undefined;
  return (
    <form class="confirm" onSubmit={undo} noValidate aria-label="Undo this encounter">
      <p>Undo this encounter? Its supplies go back into stock. It stays in the records as undone.</p>
      <ErrorMessage error={fieldError ? null : error} />
      <TextField
        id={`undo-reason-${encounterId}`}
        label="Why"
        hint="For example: saved twice, wrong site."
        value={reason}
        onValue={setReason}
        maxLength={200}
        error={fieldError}
      />
      <div class="actions">
        <button type="submit" class="danger" disabled={busy}>
          {busy ? 'Undoing…' : 'Yes, undo it'}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Keep it
        </button>
      </div>
    </form>
  );
}
