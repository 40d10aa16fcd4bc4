import { Link } from '../ui/link.tsx';

export function NotFoundPage(props: { title: string; text: string }) {
  return (
    <main class="form-page">
      <div class="card">
        <h1>{props.title}</h1>
        <p>{props.text}</p>
        <Link href="/" class="button primary">
          Go to the home page
        </Link>
      </div>
    </main>
  );
}
