import { useEffect, useState } from 'preact/hooks';

/** Whether this page may float a video above other windows (Chromium, Safari; Firefox has only its own button on videos). */
export function canPictureInPicture(): boolean {
  return 'pictureInPictureEnabled' in document && document.pictureInPictureEnabled;
}

/** The video shown in picture-in-picture now, if it is one of this page's. */
export function pictureInPictureVideo(): Element | null {
  return canPictureInPicture() ? document.pictureInPictureElement : null;
}

/** Floats this video, or closes the floating window when there is none to show. */
export async function showInPicture(video: HTMLVideoElement | null): Promise<void> {
  if (!video) {
    if (document.pictureInPictureElement) await document.exitPictureInPicture();
    return;
  }
  if (document.pictureInPictureElement !== video) await video.requestPictureInPicture();
}

/** Calls `onChange` whenever a video of the page enters or leaves picture-in-picture. */
export function watchPictureInPicture(onChange: () => void): () => void {
  // Both events bubble from the video to the document.
  document.addEventListener('enterpictureinpicture', onChange);
  document.addEventListener('leavepictureinpicture', onChange);
  return () => {
    document.removeEventListener('enterpictureinpicture', onChange);
    document.removeEventListener('leavepictureinpicture', onChange);
  };
}

/**
 * Picture-in-picture of whatever `target` finds (the active speaker's video): whether it is on,
 * and a toggle. While it floats, a new `speaker` moves the floating window to their video.
 */
export function usePictureInPicture(target: () => HTMLVideoElement | null, speaker: string | null, onRefused: () => void) {
  const [active, setActive] = useState(() => pictureInPictureVideo() !== null);
  useEffect(() => watchPictureInPicture(() => setActive(pictureInPictureVideo() !== null)), []);
  useEffect(() => {
    const video = target();
    if (active && video) showInPicture(video).catch(() => undefined);
  }, [speaker]);
  return {
    active,
    toggle: () => {
      const video = active ? null : target();
      if (!active && !video) onRefused();
      else showInPicture(video).catch(onRefused);
    },
  };
}
