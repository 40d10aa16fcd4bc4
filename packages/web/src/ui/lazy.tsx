import type { FunctionComponent, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A part of a page whose code is fetched the first time it is shown (a meeting's poll, its
 * breakout rooms): the meeting page's own script stays small. `waiting` shows until it arrives.
 */
export function lazyComponent<P extends object>(load: () => Promise<FunctionComponent<P>>, waiting: () => JSX.Element | null = () => null): FunctionComponent<P> {
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
    return Component ? <Component {...props} /> : waiting();
  };
}

/**
 * A page whose code is fetched the first time it is shown, so the script every visitor loads
 * (the meeting page's) does not carry the administration and recordings pages.
 */
export function lazyPage(load: () => Promise<FunctionComponent>): FunctionComponent {
  return lazyComponent(load, () => <main class="page" aria-busy="true" />);
}
