// More labelled controls for the daily work: whole numbers (with − and + buttons for touch),
// days, and longer text. They share FieldShell with the text and select fields, so the label,
// hint, error and ARIA wiring are the same everywhere.
import { FieldShell } from './Field';

interface Common {
  label: string;
  hint?: string;
  error?: string;
  optional?: boolean;
  id?: string;
}

function toWhole(text: string): number | null {
  const digits = text.replace(/[^0-9-]/g, '');
  if (digits === '' || digits === '-') return null;
  const n = Number.parseInt(digits, 10);
  return Number.isFinite(n) ? n : null;
}

/** A whole number typed on the number pad; empty reads as null. */
export function NumberField({
  value,
  onValue,
  min,
  max,
  allowNegative,
  ...common
}: Common & { value: number | null; onValue: (v: number | null) => void; min?: number; max?: number; allowNegative?: boolean }) {
  return (
    <FieldShell
      {...common}
      render={(a) => (
        <input
          {...a}
          type="text"
          inputMode={allowNegative ? 'text' : 'numeric'}
          pattern={allowNegative ? '-?[0-9]*' : '[0-9]*'}
          autoComplete="off"
          class="number"
          value={value === null ? '' : String(value)}
          min={min}
          max={max}
          required={!common.optional}
          onInput={(e) => onValue(toWhole(e.currentTarget.value))}
        />
      )}
    />
  );
}

/**
 * − [n] + for quick counting on a phone. `name` is the accessible name of the number box when
 * the visible label is shared by several rows (e.g. "Cooker for others").
 */
export function Stepper({
  value,
  onValue,
  min = 0,
  max,
  name,
  compact,
  ...common
}: Common & {
  value: number;
  onValue: (v: number) => void;
  min?: number;
  max?: number;
  name?: string;
  compact?: boolean;
}) {
  const clamp = (n: number) => Math.max(min, max === undefined ? n : Math.min(max, n));
  const what = name ?? common.label;
  return (
    <FieldShell
      {...common}
      render={(a) => (
        <div class={`stepper${compact ? ' compact' : ''}`}>
          <button type="button" class="secondary step" aria-label={`Less: ${what}`} disabled={value <= min} onClick={() => onValue(clamp(value - 1))}>
            −
          </button>
          <input
            {...a}
            type="text"
            inputMode="numeric"
            pattern="[0-9]*"
            autoComplete="off"
            aria-label={name}
            value={String(value)}
            onInput={(e) => onValue(clamp(toWhole(e.currentTarget.value) ?? 0))}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" class="secondary step" aria-label={`More: ${what}`} disabled={max !== undefined && value >= max} onClick={() => onValue(clamp(value + 1))}>
            +
          </button>
        </div>
      )}
    />
  );
}

export function DateField({ value, onValue, min, max, ...common }: Common & { value: string; onValue: (v: string) => void; min?: string; max?: string }) {
  return (
    <FieldShell
      {...common}
      render={(a) => (
        <input {...a} type="date" value={value} min={min} max={max} required={!common.optional} onInput={(e) => onValue(e.currentTarget.value)} />
      )}
    />
  );
}

export function TextArea({ value, onValue, maxLength, rows = 3, ...common }: Common & { value: string; onValue: (v: string) => void; maxLength?: number; rows?: number }) {
  return (
    <FieldShell
      {...common}
      render={(a) => (
        <textarea {...a} rows={rows} value={value} maxLength={maxLength} required={!common.optional} onInput={(e) => onValue(e.currentTarget.value)} />
      )}
    />
  );
}
