import { useEffect, useState } from 'preact/hooks';
import { listDevices, type DeviceLists } from '../media/devices.ts';

const none: DeviceLists = { cameras: [], microphones: [], speakers: [] };

/**
 * The devices there are now, listed again when one is plugged in or out, and whenever one of
 * `tracks` changes: labels only appear once access is granted.
 */
export function useDevices(tracks: (MediaStreamTrack | null)[]): DeviceLists {
  const [devices, setDevices] = useState(none);
  useEffect(() => {
    let live = true;
    const refresh = () => void listDevices().then((found) => live && setDevices(found));
    refresh();
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    return () => {
      live = false;
      navigator.mediaDevices?.removeEventListener('devicechange', refresh);
    };
  }, tracks);
  return devices;
}
