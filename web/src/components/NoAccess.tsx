// Shown when the user's role may not open a page (the API would answer 403 too).
import { Link } from './Link';
import { Page } from './Page';

export function NoAccess({ title }: { title: string }) {
  return (
    <Page title={title}>
      <div class="card notice" role="alert">
        <h2>You don't have access to this page</h2>
        <p>Your role doesn't include this part of Kinship. If you need it for your work, ask your program admin.</p>
        <p>
          <Link href="/" class="button secondary">
            Back to home
          </Link>
        </p>
      </div>
    </Page>
  );
}
