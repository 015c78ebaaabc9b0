// Messages: errors are announced at once (role=alert), confirmations politely (role=status).
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api';

export function ErrorMessage({ error, children }: { error?: unknown; children?: ComponentChildren }) {
  if (!error && !children) return null;
  const text = children ?? describeError(error);
  const requestId = error instanceof ApiError && error.status >= 500 ? error.requestId : null;
  return (
    <div class="alert alert-error" role="alert">
      <p>{text}</p>
      {requestId && <p class="small">Reference for support: {requestId}</p>}
    </div>
  );
}

export function StatusMessage({ children }: { children?: ComponentChildren }) {
  return (
    <div class="alert-slot" role="status" aria-live="polite">
      {children ? <div class="alert alert-ok">{children}</div> : null}
    </div>
  );
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Please try again.';
}
