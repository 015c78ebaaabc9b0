// Research: statistics on data a researcher or coordinator brings — a meta-analysis of
// proportions across studies (pooled proportion, heterogeneity, subgroups, cumulative, forest
// and funnel plots) or the chi-square and Fisher tests of a 2×2 table. The data is pasted or
// opened as CSV; the server does the arithmetic (the /api/v1/stats routes).
import { useState } from 'preact/hooks';
import { NoAccess } from '../components/NoAccess';
import { Page } from '../components/Page';
import { MetaAnalysisForm } from '../components/ResearchMeta';
import { TableForm } from '../components/ResearchTable2x2';
import { Segmented } from '../components/Segmented';
import { useSession } from '../session';

type Analysis = 'meta' | 'table';

const ANALYSES: { value: Analysis; label: string }[] = [
  { value: 'meta', label: 'Studies (meta-analysis)' },
  { value: 'table', label: '2×2 table' },
];

export function ResearchPage() {
  const { can } = useSession();
  const [analysis, setAnalysis] = useState<Analysis>('meta');
  if (!can('stats.use')) return <NoAccess title="Research" />;
  return (
    <Page title="Research" intro="Pool a proportion across studies, or test a table of counts. Paste the data as CSV or open a file.">
      <Segmented label="Analysis" value={analysis} onValue={setAnalysis} options={ANALYSES} />
      {/* Both stay mounted, so switching back keeps the data and the results. */}
      <div hidden={analysis !== 'meta'}>
        <MetaAnalysisForm />
      </div>
      <div hidden={analysis !== 'table'}>
        <TableForm />
      </div>
    </Page>
  );
}
