// The encounters the signed-in worker logged today, newest first, each with Undo while the
// program's edit window is open: a mistake noticed after "Log another" can still be put right.
import { useState } from 'preact/hooks';
import { api, itemsOf, type Encounter, type Site } from '../api';
import { todayDay } from '../labels';
import { ErrorMessage } from './Alert';
import { EncounterCard, UndoForm } from './EncounterCard';
import { useLoad } from './useLoad';

export function MyRecentEncounters({
  sites,
  refresh,
  onUndone,
}: {
  sites: Site[];
  /** Changes whenever an encounter was saved or undone elsewhere on the page. */
  refresh: unknown;
  onUndone: (e: Encounter) => void;
}) {
  const list = useLoad(() => api.myEncounters(todayDay()).then(itemsOf), [refresh]);
  const [undoing, setUndoing] = useState('');
  const siteName = (id: string) => sites.find((s) => s.id === id)?.name ?? 'a site';
  const encounters = list.data ?? [];
  if (!list.error && encounters.length === 0) return null;
  return (
    <section aria-labelledby="recent-heading" data-testid="my-recent-encounters">
      <h2 id="recent-heading">Your encounters today</h2>
      <ErrorMessage error={list.error} />
      <ul class="cards">
        {encounters.map((e) => {
          const open = !e.voided && new Date(e.editable_until).getTime() > Date.now();
          return (
            <EncounterCard key={e.id} encounter={e} site={siteName(e.site_id)}>
              {open && undoing !== e.id && (
                <div class="actions">
                  <button type="button" class="secondary" onClick={() => setUndoing(e.id)}>
                    Undo
                  </button>
                </div>
              )}
              {undoing === e.id && (
                <UndoForm
                  encounterId={e.id}
                  onUndone={(done) => {
                    setUndoing('');
                    list.set(encounters.map((x) => (x.id === done.id ? done : x)));
                    onUndone(done);
                  }}
                  onCancel={() => setUndoing('')}
                />
              )}
            </EncounterCard>
          );
        })}
      </ul>
    </section>
  );
}
