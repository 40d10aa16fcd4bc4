import { useEffect } from 'preact/hooks';
import type { MeetingSession } from './session.ts';

/** Keys typed into these should type, not talk. */
function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON|A)$/.test(target.tagName));
}

/** While the microphone is muted, holding the space bar unmutes it until the key is let go. */
export function usePushToTalk(session: MeetingSession): void {
  useEffect(() => {
    let talking = false;
    const down = (event: KeyboardEvent) => {
      if (event.code !== 'Space' || event.repeat || isTyping(event.target) || session.local.micOn.value) return;
      event.preventDefault();
      talking = true;
      void session.setMic(true);
    };
    const up = (event: KeyboardEvent) => {
      if (event.code !== 'Space' || !talking) return;
      talking = false;
      void session.setMic(false);
    };
    // Letting go outside the page (switching windows) must not leave the microphone open.
    const blur = () => up(new KeyboardEvent('keyup', { code: 'Space' }));
    addEventListener('keydown', down);
    addEventListener('keyup', up);
    addEventListener('blur', blur);
    return () => {
      removeEventListener('keydown', down);
      removeEventListener('keyup', up);
      removeEventListener('blur', blur);
    };
  }, [session]);
}
