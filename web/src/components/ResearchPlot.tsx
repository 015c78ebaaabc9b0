// The picture of a meta-analysis: a forest plot, a cumulative forest plot or a funnel plot,
// drawn by the server as SVG. The SVG is fetched with the session (it is not a public URL),
// shown through an object URL (the app's Content-Security-Policy allows blob: images), and
// offered for download as a file.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from './Alert';
import { Loading } from './Loading';
import { stats, type MetaRequest, type PlotKind } from './ResearchApi';
import { Segmented } from './Segmented';

const PLOTS: { value: PlotKind; label: string }[] = [
  { value: 'forest', label: 'Forest' },
  { value: 'cumulative', label: 'Cumulative' },
  { value: 'funnel', label: 'Funnel' },
];

const PLOT_NAMES: Record<PlotKind, string> = {
  forest: 'Forest plot',
  cumulative: 'Cumulative forest plot',
  funnel: 'Funnel plot',
};

export function MetaPlot({ request, studies }: { request: MetaRequest; studies: number }) {
  const [kind, setKind] = useState<PlotKind>('forest');
  const [plot, setPlot] = useState<{ kind: PlotKind; url: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  // The object URL on screen, released when the next plot replaces it and when the page closes.
  const shown = useRef('');
  useEffect(() => () => URL.revokeObjectURL(shown.current), []);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    // The cumulative plot needs the cumulative analysis, whether or not the form asked for it.
    const body = kind === 'cumulative' ? { ...request, cumulative: true } : request;
    stats
      .plotSvg(kind, body, controller.signal)
      .then((svg) => {
        if (controller.signal.aborted) return;
        const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
        if (shown.current) URL.revokeObjectURL(shown.current);
        shown.current = url;
        setPlot({ kind, url });
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setPlot(null);
        setError(e);
        setLoading(false);
      });
    return () => controller.abort();
  }, [request, kind]);

  // The plot on screen keeps its own name until the next one has arrived.
  const name = plot ? `${PLOT_NAMES[plot.kind]} of ${studies} ${studies === 1 ? 'study' : 'studies'}` : '';

  return (
    <section class="card research-plot-card" aria-labelledby="meta-plot-heading">
      <h2 id="meta-plot-heading">Plot</h2>
      <Segmented label="Which plot" value={kind} onValue={setKind} options={PLOTS} />
      <ErrorMessage error={error} />
      {loading && <Loading what="Drawing the plot" />}
      {plot && (
        <>
          <figure class={`research-plot${loading ? ' refreshing' : ''}`} aria-busy={loading}>
            {/* On a phone the plot keeps a readable size and scrolls sideways. */}
            <div class="research-plot-scroll" tabIndex={0} role="region" aria-label={`${name}, scrolls sideways`}>
              <img src={plot.url} alt={name} data-testid="meta-plot" data-kind={plot.kind} />
            </div>
            <figcaption>
              {name}. <span class="research-scroll-hint">Scroll sideways to see all of it. </span>The numbers are in the tables on this
              page.
            </figcaption>
          </figure>
          <p class="actions">
            <a class="button secondary" href={plot.url} download={`${plot.kind}-plot.svg`}>
              Download SVG
            </a>
          </p>
        </>
      )}
    </section>
  );
}
