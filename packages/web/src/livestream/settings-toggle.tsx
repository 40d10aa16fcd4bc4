import { useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { lazyComponent } from '../ui/lazy.tsx';

const Destinations = lazyComponent(() => import('./destinations.tsx').then((m) => m.default));

/** The room card's way to its livestream destinations; the form's code loads when first opened. */
export function LivestreamSettings({ roomId, roomName }: { roomId: string; roomName: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div class="livestream-settings">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('livestream.destinations')}
      </button>
      {open && <Destinations roomId={roomId} roomName={roomName} />}
    </div>
  );
}
