// Data for the Research page as CSV: typed or pasted into a text box, or read from a file on
// this device (the file is read in the browser and put into the box, so it can be checked
// and corrected before it is sent). Also reads just enough of the CSV to offer its columns
// in the option lists; the server does the real parsing and says what is wrong, and the
// helpers at the end put its messages into words beside the box and in the form's alert.
import { useState } from 'preact/hooks';
import type { ApiError, FieldError } from '../api';
import { StatusMessage } from './Alert';
import { fieldMessage, FieldShell } from './Field';
import { TextArea } from './Inputs';

const MAX_FILE_BYTES = 2 * 1024 * 1024;

export function CsvField({
  id,
  label,
  hint,
  value,
  onValue,
  error,
  rows = 8,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onValue: (text: string) => void;
  error?: string;
  rows?: number;
}) {
  const [fileError, setFileError] = useState('');
  const [loaded, setLoaded] = useState('');

  const open = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    setFileError('');
    setLoaded('');
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileError('is too big: choose a CSV file under 2 MB.');
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      // Spreadsheets often start a CSV file with a byte-order mark; it is not part of the header.
      const text = String(reader.result ?? '').replace(/^\uFEFF/, '');
      onValue(text);
      const lines = csvRowCount(text);
      setLoaded(`Opened ${file.name}: ${lines} ${lines === 1 ? 'row' : 'rows'} after the header.`);
    };
    reader.onerror = () => setFileError('could not be read. Try again, or paste the data instead.');
    reader.readAsText(file);
  };

  return (
    <div class="csv-field">
      <TextArea id={id} label={label} hint={hint} value={value} onValue={onValue} rows={rows} error={error} />
      <FieldShell
        id={`${id}-file`}
        label="Or open a CSV file"
        optional
        error={fileError}
        render={(a) => <input {...a} type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => open(e.currentTarget)} />}
      />
      <StatusMessage>{loaded}</StatusMessage>
    </div>
  );
}

/** One CSV line's cells: commas split, double quotes group ("a, b" and "" for a quote). */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell.trim());
  return cells;
}

/** The header's column names (empty when there is no text). */
export function csvColumns(text: string): string[] {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '');
  return first ? csvCells(first).filter((c) => c !== '') : [];
}

/** The number of rows after the header, blank lines skipped. */
export function csvRowCount(text: string): number {
  return Math.max(0, text.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1);
}

/**
 * The server's complaints about the data, as one message for the CSV box: the first five of
 * the errors whose field matches (the server names the line, "line 6, column events: …";
 * a message about the whole data, "must have …", follows `subject`), and how many more.
 */
export function csvProblems(errors: FieldError[], matches: (field: string) => boolean, subject: string): string | undefined {
  const messages = errors
    .filter((e) => matches(e.field))
    .map((e) => e.message.replace(/^(line|row|column) /, (w) => w[0].toUpperCase() + w.slice(1)))
    .map((m) => (/^[a-z]/.test(m) ? `${subject} ${m}` : m))
    .map(sentence);
  if (messages.length === 0) return undefined;
  const more = messages.length - 5;
  return messages.slice(0, 5).join(' ') + (more > 0 ? ` And ${more} more.` : '');
}

/**
 * What the alert under a form says when the server refused it: its detail, then every field
 * error in words, so the whole story is next to the button that was just pressed (on a phone
 * the marked box may be a screen away). `dataMessage` is csvProblems' text for the data fields.
 */
export function errorSummary(
  problem: ApiError,
  dataMessage: string | undefined,
  isDataField: (field: string) => boolean,
  labels: Record<string, string>,
): string | undefined {
  if (problem.errors.length === 0) return undefined;
  const others = problem.errors.filter((e) => !isDataField(e.field)).map((e) => sentence(fieldMessage(labels[e.field] ?? e.field, e.message)));
  return [sentence(problem.detail), dataMessage, ...others].filter(Boolean).join(' ');
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
