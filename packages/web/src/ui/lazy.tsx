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

/**
 * A part of a page whose code is fetched the first time it is shown (a meeting's poll, its
 * breakout rooms): the meeting page's own script stays small. Nothing shows until it arrives.
 */
export function lazyComponent<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | undefined;
  return function LazyComponent(props: P) {
    const [Component, setComponent] = useState<FunctionComponent<P> | undefined>(() => loaded);
    useEffect(() => {
      if (Component) return;
      void load().then((component) => {
        loaded = component;
        setComponent(() => component);
      });
    }, []);
    return Component ? <Component {...props} /> : null;
  };
}
