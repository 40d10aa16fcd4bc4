import { signal, type ReadonlySignal } from '@preact/signals';

const TOAST_MS = 6000;

/** Short messages that come and go by themselves; a new one replaces the one on screen. */
export class Toasts {
  private readonly state = signal<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly current: ReadonlySignal<string | null> = this.state;

  show(message: string): void {
    clearTimeout(this.timer);
    this.state.value = message;
    this.timer = setTimeout(() => (this.state.value = null), TOAST_MS);
  }

  dismiss(): void {
    clearTimeout(this.timer);
    this.state.value = null;
  }
}
