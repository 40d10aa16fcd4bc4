import { t } from '../i18n/index.ts';
import { Link } from '../ui/link.tsx';

export function NotFoundPage(props: { title: string; text: string }) {
  return (
    <main class="form-page">
      <div class="card">
        <h1>{props.title}</h1>
        <p>{props.text}</p>
        <Link href="/" class="button primary">
          {t('notFound.home')}
        </Link>
      </div>
    </main>
  );
}
