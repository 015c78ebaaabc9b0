// Loads data for a screen: { data, error, loading, reload }. The loader runs again when
// `deps` change; an answer that arrives after a newer load started is ignored.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Replace the data without asking the server (after a write that answered with it). */
  set: (data: T) => void;
}

export function useLoad<T>(loader: (() => Promise<T>) | null, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    if (!loader) {
      setData(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    setError(null);
    loader()
      .then((d) => {
        if (mine === generation.current) setData(d);
      })
      .catch((e: unknown) => {
        if (mine === generation.current) setError(e);
      })
      .finally(() => {
        if (mine === generation.current) setLoading(false);
      });
  }, deps);
  useEffect(run, [run]);
  return { data, error, loading, reload: run, set: setData };
}
