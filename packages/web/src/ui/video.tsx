import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** Points a media element at one track, and lets go of it when the track or element goes. */
function useTrack<T extends HTMLMediaElement>(track: MediaStreamTrack) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = new MediaStream([track]);
    // autoplay alone can stall after srcObject changes in some browsers.
    element.play().catch(() => undefined);
    return () => {
      element.srcObject = null;
    };
  }, [track]);
  return ref;
}

/** A <video> showing one track. Always muted: sound plays through separate <audio> elements. */
export function TrackVideo(props: { track: MediaStreamTrack } & Omit<JSX.HTMLAttributes<HTMLVideoElement>, 'ref'>) {
  const { track, ...rest } = props;
  const ref = useTrack<HTMLVideoElement>(track);
  return <video ref={ref} autoplay playsInline muted {...rest} />;
}

/** The mix of everyone else's voices, on the chosen output (the default one when undefined). */
export function TrackAudio(props: { track: MediaStreamTrack; sinkId: string | undefined }) {
  const { sinkId } = props;
  const ref = useTrack<HTMLAudioElement>(props.track);
  useEffect(() => {
    const element = ref.current;
    // An output that was unplugged since it was chosen is refused: the sound stays where it is.
    if (element && sinkId !== undefined && 'setSinkId' in element) element.setSinkId(sinkId).catch(() => undefined);
  }, [sinkId]);
  return <audio ref={ref} autoplay data-source="mix" />;
}
