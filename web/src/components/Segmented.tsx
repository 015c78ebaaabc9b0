// A row of toggle buttons where exactly one is chosen (period, tab, how to find a code).
// Each is a real button with aria-pressed, big enough to tap.
export function Segmented<T extends string>({
  label,
  value,
  options,
  onValue,
}: {
  label: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onValue: (v: T) => void;
}) {
  return (
    <div class="segmented" role="group" aria-label={label}>
      {options.map((o) => (
        <button key={o.value} type="button" aria-pressed={o.value === value} onClick={() => onValue(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}
