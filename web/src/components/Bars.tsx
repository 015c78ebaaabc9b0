// Small charts without a chart library: horizontal bars and daily columns, all in CSS.
// Each chart also carries its numbers as text, so screen readers and small screens get them.
import type { Count } from '../api';
import { countText, countValue, formatShortDay } from '../labels';

export function BarList({ rows, testId, unit }: { rows: { key: string; label: string; value: Count }[]; testId?: string; unit?: string }) {
  // A hidden count ("<5") is at most 4: scale against that, and draw it striped.
  const max = Math.max(1, ...rows.map((r) => (typeof r.value === 'number' ? r.value : 4)));
  if (rows.length === 0) return <p class="empty">Nothing yet in this period.</p>;
  return (
    <ul class="bars" data-testid={testId}>
      {rows.map((r) => (
        <li key={r.key}>
          <div class="bar-label">
            <span>{r.label}</span>
            <strong>
              {countText(r.value)}
              {unit ? ` ${unit}` : ''}
            </strong>
          </div>
          <div class="bar-track" aria-hidden="true">
            <div
              class={`bar-fill${typeof r.value === 'number' ? '' : ' hidden-count'}`}
              style={{ width: `${Math.max(1, (countValue(r.value) / max) * 100)}%` }}
            />
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Encounters per day as columns; the days and counts are also in a visually hidden list. */
export function DailyChart({ days, caption }: { days: { day: string; encounters: Count }[]; caption: string }) {
  if (days.length === 0) return <p class="empty">No days in this period.</p>;
  const max = Math.max(1, ...days.map((d) => countValue(d.encounters)));
  const few = days.length <= 10;
  return (
    <figure class="daily-chart" data-testid="daily-chart">
      <figcaption>{caption}</figcaption>
      <div class="columns" aria-hidden="true">
        {days.map((d) => {
          const v = countValue(d.encounters);
          return (
            <div class="column" key={d.day} title={`${formatShortDay(d.day)}: ${countText(d.encounters)}`}>
              {few && <span class="column-value">{countText(d.encounters)}</span>}
              <div class="column-bar" style={{ height: v > 0 ? `${Math.max(3, (v / max) * 85)}%` : '0' }} />
            </div>
          );
        })}
      </div>
      <div class="chart-ends" aria-hidden="true">
        <span>{formatShortDay(days[0].day)}</span>
        {days.length > 1 && <span>{formatShortDay(days[days.length - 1].day)}</span>}
      </div>
      <ul class="visually-hidden">
        {days.map((d) => (
          <li key={d.day}>
            {formatShortDay(d.day)}: {countText(d.encounters)} encounters
          </li>
        ))}
      </ul>
    </figure>
  );
}
