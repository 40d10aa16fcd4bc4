import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A page whose code is fetched the first time it is shown, so the script every visitor loads
 * (the meeting page's) does not carry the administration and recordings pages.
 */
export function lazyPage(load: () => Promise<FunctionComponent>): FunctionComponent {
  let loaded: FunctionComponent | undefined;
  return function LazyPage() {
    const [Page, setPage] = useState<FunctionComponent | undefined>(() => loaded);
    useEffect(() => {
      if (Page) return;
      void load().then((page) => {
        loaded = page;
        setPage(() => page);
      });
    }, []);
    return Page ? <Page /> : <main class="page" aria-busy="true" />;
  };
}
