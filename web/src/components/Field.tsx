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

export function TextField({ label, hint, error, optional, value, onValue, id: given, ...rest }: InputProps) {
  const auto = useId();
  const id = given ?? `f${auto}`;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>
        <LabelText label={label} optional={optional} />
      </label>
      <Extras id={id} hint={hint} error={error && fieldMessage(label, error)} />
      <input
        id={id}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        required={!optional}
        {...(rest as InputHTMLAttributes<HTMLInputElement>)}
      />
    </div>
  );
}

interface SelectProps extends Common {
  id?: string;
  value: string;
  onValue: (value: string) => void;
  options: ReadonlyArray<{ value: string; label: string }>;
}

export function SelectField({ label, hint, error, optional, value, onValue, options, id: given }: SelectProps) {
  const auto = useId();
  const id = given ?? `f${auto}`;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>
        <LabelText label={label} optional={optional} />
      </label>
      <Extras id={id} hint={hint} error={error && fieldMessage(label, error)} />
      <select
        id={id}
        value={value}
        onChange={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
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
