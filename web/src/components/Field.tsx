// Labelled form controls. Each control has a visible <label>, an optional hint and an error
// message tied to it with aria-describedby, and aria-invalid when the server refused the value.
import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';

interface Common {
  label: string;
  hint?: ComponentChildren;
  error?: string;
  optional?: boolean;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function LabelText({ label, optional }: { label: string; optional?: boolean }) {
  return (
    <>
      {label}
      {optional && <span class="optional"> (optional)</span>}
    </>
  );
}

/** Server messages like "must not be empty" read as a sentence after the field's name. */
export function fieldMessage(label: string, message: string): string {
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
}

function Extras({ id, hint, error }: { id: string; hint?: ComponentChildren; error?: string }) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

/**
 * What every labelled control shares: the wrapper, the label, the hint and the error, and
 * the id and ARIA attributes the control itself needs (passed to render).
 */
export function FieldShell({
  label,
  hint,
  error,
  optional,
  id: given,
  render,
}: Common & {
  id?: string;
  render: (a: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => ComponentChildren;
}) {
  const auto = useId();
  const id = given ?? `f${auto}`;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>
        <LabelText label={label} optional={optional} />
      </label>
      <Extras id={id} hint={hint} error={error && fieldMessage(label, error)} />
      {render({ id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy(id, hint, error) })}
    </div>
  );
}

interface InputProps extends Common {
  id?: string;
  value: string;
  onValue: (value: string) => void;
  type?: 'text' | 'password' | 'search' | 'email' | 'tel' | 'url' | 'number';
  autoComplete?: string;
  autoCapitalize?: 'none' | 'off' | 'on' | 'sentences' | 'words' | 'characters';
  autoCorrect?: 'on' | 'off';
  spellcheck?: boolean;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email' | 'tel' | 'url' | 'search' | 'none';
  maxLength?: number;
  pattern?: string;
}

export function TextField({ label, hint, error, optional, value, onValue, id, ...rest }: InputProps) {
  return (
    <FieldShell
      {...{ label, hint, error, optional, id }}
      render={(a) => (
        <input
          {...a}
          value={value}
          onInput={(e) => onValue(e.currentTarget.value)}
          required={!optional}
          {...(rest as InputHTMLAttributes<HTMLInputElement>)}
        />
      )}
    />
  );
}

interface SelectProps extends Common {
  id?: string;
  value: string;
  onValue: (value: string) => void;
  options: ReadonlyArray<{ value: string; label: string }>;
}

export function SelectField({ label, hint, error, optional, value, onValue, options, id }: SelectProps) {
  return (
    <FieldShell
      {...{ label, hint, error, optional, id }}
      render={(a) => (
        <select {...a} value={value} onChange={(e) => onValue(e.currentTarget.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

export function Checkbox({
  label,
  checked,
  onChecked,
  hint,
}: {
  label: string;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  hint?: string;
}) {
  const id = `c${useId()}`;
  return (
    <div class="checkbox">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(e) => onChecked(e.currentTarget.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
