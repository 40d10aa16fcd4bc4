import { useEffect } from 'preact/hooks';
import { t, type MessageKey } from '../i18n/index.ts';
import { Dialog } from '../ui/dialog.tsx';

export type ShortcutAction = 'mic' | 'camera' | 'hand' | 'chat' | 'participants' | 'help';

interface Shortcut {
  /** KeyboardEvent.code: the key's place, so the shortcut is the same on Cyrillic, Persian or any layout. */
  code: string;
  alt: boolean;
  action: ShortcutAction;
  label: MessageKey;
}

/**
 * Ctrl (⌘ on a Mac) with a key, never a lone letter: screen readers use lone letters to move
 * through the page, and a shortcut must not steal them.
 */
const SHORTCUTS: Shortcut[] = [
  { code: 'KeyD', alt: false, action: 'mic', label: 'shortcuts.mic' },
  { code: 'KeyE', alt: false, action: 'camera', label: 'shortcuts.camera' },
  { code: 'KeyH', alt: true, action: 'hand', label: 'shortcuts.hand' },
  { code: 'KeyC', alt: true, action: 'chat', label: 'shortcuts.chat' },
  { code: 'KeyP', alt: true, action: 'participants', label: 'shortcuts.participants' },
  { code: 'Slash', alt: false, action: 'help', label: 'shortcuts.help' },
];

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);

function keysOf(shortcut: Shortcut): string[] {
  const key = shortcut.code === 'Slash' ? '/' : shortcut.code.slice(3);
  return [isMac() ? '⌘' : 'Ctrl', ...(shortcut.alt ? [isMac() ? '⌥' : 'Alt'] : []), key];
}

/**
 * Whether Ctrl+Alt is typing a character here: on many layouts (Polish ć, German €) AltGr is
 * Ctrl+Alt, and a text field must get it.
 */
function writes(event: KeyboardEvent): boolean {
  const target = event.target;
  return event.getModifierState('AltGraph') || (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA)$/.test(target.tagName)));
}

/** Runs the meeting's shortcuts while the meeting is shown. */
export function useShortcuts(run: (action: ShortcutAction) => void): void {
  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.repeat) return;
      const shortcut = SHORTCUTS.find((s) => s.code === event.code && s.alt === event.altKey);
      if (!shortcut || (shortcut.alt && writes(event))) return;
      // The browser's own use of these keys (bookmark, address bar) gives way inside the meeting.
      event.preventDefault();
      run(shortcut.action);
    };
    addEventListener('keydown', down);
    return () => removeEventListener('keydown', down);
  }, [run]);
}

/** The keyboard help: every shortcut of the meeting, the space bar and Escape included. */
export function ShortcutsDialog(props: { onClose: () => void }) {
  const rows: [string[], string][] = [
    ...SHORTCUTS.map((s): [string[], string] => [keysOf(s), t(s.label)]),
    [[t('shortcuts.spaceKey')], t('shortcuts.space')],
    [['Esc'], t('shortcuts.escape')],
  ];
  return (
    <Dialog title={t('shortcuts.title')} onClose={props.onClose}>
      <dl class="shortcuts">
        {rows.map(([keys, what]) => (
          <div key={what}>
            <dt>
              {keys.map((key, index) => (
                <span key={key}>
                  {index > 0 && '+'}
                  <kbd>{key}</kbd>
                </span>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div class="actions">
        <button type="button" class="primary" onClick={props.onClose}>
          {t('action.done')}
        </button>
      </div>
    </Dialog>
  );
}
