// For network coordinators: choose which member program they are acting on.
import { useEffect, useState } from 'preact/hooks';
import { api, itemsOf, type Program } from '../api';
import { useSession } from '../session';
import { ErrorMessage, StatusMessage } from './Alert';
import { SelectField } from './Field';

export function ProgramSwitcher({ idPrefix = 'program' }: { idPrefix?: string }) {
  const { session, setSession } = useSession();
  const [programs, setPrograms] = useState<Program[] | null>(null);
  const [chosen, setChosen] = useState(session.program.id);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');

  useEffect(() => {
    api
      .programs()
      .then((list) => setPrograms(itemsOf(list)))
      .catch(setError);
  }, []);

  useEffect(() => setChosen(session.program.id), [session.program.id]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (chosen === session.program.id) return;
    setBusy(true);
    setError(null);
    setDone('');
    try {
      const next = await api.switchProgram(chosen);
      setSession(next);
      setDone(`You are now working in ${next.program.name}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (!programs) return error ? <ErrorMessage error={error} /> : null;

  return (
    <form class="switcher" onSubmit={submit} aria-label="Switch program">
      <SelectField
        id={`${idPrefix}-select`}
        label="Program you are working in"
        value={chosen}
        onValue={setChosen}
        options={programs.map((p) => ({ value: p.id, label: p.name }))}
      />
      <button type="submit" class="secondary" disabled={busy || chosen === session.program.id}>
        {busy ? 'Switching…' : 'Switch program'}
      </button>
      <ErrorMessage error={error} />
      <StatusMessage>{done}</StatusMessage>
    </form>
  );
}
