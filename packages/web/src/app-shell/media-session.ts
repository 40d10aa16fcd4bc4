// The Media Session API lets a phone's lock screen and a desktop's media keys act on the meeting:
// mute or unmute, turn the camera on or off, and hang up, where the browser offers those buttons.

type MeetingAction = 'togglemicrophone' | 'togglecamera' | 'hangup';

/** The parts of Media Session for calls, which TypeScript's DOM types do not have yet. */
interface CallMediaSession {
  metadata: MediaMetadata | null;
  setActionHandler(action: MeetingAction, handler: (() => void) | null): void;
  setMicrophoneActive?(active: boolean): void;
  setCameraActive?(active: boolean): void;
}

function mediaSession(): CallMediaSession | null {
  return 'mediaSession' in navigator ? (navigator.mediaSession as unknown as CallMediaSession) : null;
}

export interface MeetingControls {
  toggleMicrophone(): void;
  toggleCamera(): void;
  hangUp(): void;
}

/** Offers the meeting's controls to the system while it lasts; returns how to take them back. */
export function offerMeetingControls(title: string, controls: MeetingControls): () => void {
  const session = mediaSession();
  if (!session) return () => undefined;
  const handlers: [MeetingAction, () => void][] = [
    ['togglemicrophone', controls.toggleMicrophone],
    ['togglecamera', controls.toggleCamera],
    ['hangup', controls.hangUp],
  ];
  for (const [action, handler] of handlers) {
    try {
      session.setActionHandler(action, handler);
    } catch {
      // A browser that does not know this action throws: its lock screen just lacks that button.
    }
  }
  if ('MediaMetadata' in window) session.metadata = new MediaMetadata({ title, artist: 'moot' });
  return () => {
    for (const [action] of handlers) {
      try {
        session.setActionHandler(action, null);
      } catch {
        // Unknown to this browser, so never set.
      }
    }
    session.metadata = null;
  };
}

/** Shows the microphone's and camera's state on the system's controls. */
export function showDeviceState(microphone: boolean, camera: boolean): void {
  const session = mediaSession();
  session?.setMicrophoneActive?.(microphone);
  session?.setCameraActive?.(camera);
}
