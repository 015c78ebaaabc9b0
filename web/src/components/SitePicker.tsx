// Choosing the site the work happens at. The last choice is remembered on this device (per
// program), so a peer at the same site every day never has to pick it again.
import { api, itemsOf, type Site } from '../api';
import { rememberedSite, rememberSite } from '../labels';
import { useSession } from '../session';
import { SelectField } from './Field';
import { useLoad } from './useLoad';

/** The program's open sites, sorted by name. */
export function useSites() {
  const { session } = useSession();
  return useLoad(
    () => api.sites(false).then((l) => itemsOf(l).filter((s) => !s.archived).sort((a, b) => a.name.localeCompare(b.name))),
    [session.program.id],
  );
}

/** The site to start with: the one remembered on this device, or the first. */
export function defaultSiteId(programId: string, sites: Site[]): string {
  const saved = rememberedSite(programId);
  return sites.some((s) => s.id === saved) ? (saved as string) : (sites[0]?.id ?? '');
}

/**
 * A select of the sites; `value` should already be a site (see defaultSiteId) unless
 * `allLabel` adds an "all sites" choice with the value "".
 */
export function SitePicker({
  id,
  label = 'Site',
  sites,
  value,
  onSite,
  allLabel,
  remember = true,
  error,
}: {
  id: string;
  label?: string;
  sites: Site[];
  value: string;
  onSite: (siteId: string) => void;
  allLabel?: string;
  remember?: boolean;
  error?: string;
}) {
  const { session } = useSession();

  const options = [...(allLabel ? [{ value: '', label: allLabel }] : []), ...sites.map((s) => ({ value: s.id, label: s.name }))];
  return (
    <SelectField
      id={id}
      label={label}
      value={value}
      options={options}
      error={error}
      onValue={(v) => {
        if (remember && v) rememberSite(session.program.id, v);
        onSite(v);
      }}
    />
  );
}
