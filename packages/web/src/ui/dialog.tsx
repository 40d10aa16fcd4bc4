import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';

/**
 * A modal dialog on the native <dialog>: the browser keeps focus inside it, makes the page behind
 * inert and closes it on Escape; focus goes back to the control that opened it.
 */
export function Dialog(props: { title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    return () => {
      dialog.close();
      // Browsers differ on whether close() restores focus; a removed opener leaves it on the page.
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: the component owning the dialog decides, so its state never disagrees with the page.
        event.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}

export interface ConfirmOptions {
  title: string;
  message?: string;
  /** The verb on the button that goes ahead ("Delete room"); Cancel is always the other. */
  confirmLabel: string;
  danger?: boolean;
}

/** Asks a yes/no question; Cancel comes first, so it holds the focus and Enter alone never destroys. */
export function ConfirmDialog(props: ConfirmOptions & { onAnswer: (yes: boolean) => void }) {
  return (
    <Dialog title={props.title} onClose={() => props.onAnswer(false)}>
      {props.message && <p>{props.message}</p>}
      <div class="actions">
        <button type="button" onClick={() => props.onAnswer(false)}>
          {t('action.cancel')}
        </button>
        <button type="button" class={props.danger ? 'danger' : 'primary'} onClick={() => props.onAnswer(true)}>
          {props.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

/**
 * The app's replacement for window.confirm(): `await confirm({...})` resolves true or false; render
 * `dialog` somewhere in the component.
 */
export function useConfirm() {
  const [pending, setPending] = useState<{ options: ConfirmOptions; resolve: (yes: boolean) => void } | null>(null);
  const confirm = (options: ConfirmOptions) => new Promise<boolean>((resolve) => setPending({ options, resolve }));
  const dialog = pending && (
    <ConfirmDialog
      {...pending.options}
      onAnswer={(yes) => {
        setPending(null);
        pending.resolve(yes);
      }}
    />
  );
  return { confirm, dialog };
}
