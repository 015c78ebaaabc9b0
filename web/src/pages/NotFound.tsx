import { Link } from '../components/Link';
import { Page } from '../components/Page';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <div class="card">
        <p>There is no page at this address. It may have moved.</p>
        <p>
          <Link href="/" class="button secondary">
            Back to home
          </Link>
        </p>
      </div>
    </Page>
  );
}
