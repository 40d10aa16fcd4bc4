import { useEffect, useState } from 'preact/hooks';

export interface SlidePicture {
  picture: HTMLCanvasElement;
  /** Width by height of the slide page. */
  aspect: number;
}

/**
 * The slide page the drawings of `pageId` go on: a copy of what the slides view drew for that
 * page (its canvas names the page it shows in `data-rendered-page`), taken once it is drawn so
 * that it stays while the slides move on. Null without slides, or until the page is drawn.
 */
export function useSlidePicture(pageId: string | null): SlidePicture | null {
  const [picture, setPicture] = useState<SlidePicture | null>(null);
  useEffect(() => {
    setPicture(null);
    if (!pageId) return;
    const take = (): boolean => {
      const source = [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-rendered-page]')].find((canvas) => canvas.dataset.renderedPage === pageId);
      if (!source?.width || !source.height) return false;
      const copy = document.createElement('canvas');
      copy.width = source.width;
      copy.height = source.height;
      copy.getContext('2d')?.drawImage(source, 0, 0);
      setPicture({ picture: copy, aspect: source.width / source.height });
      return true;
    };
    if (take()) return;
    const observer = new MutationObserver(() => {
      if (take()) observer.disconnect();
    });
    observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-rendered-page'] });
    return () => observer.disconnect();
  }, [pageId]);
  return picture;
}
