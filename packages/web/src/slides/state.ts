import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { DeckView, ServerMessage, SlidesView } from '@moot/protocol';

/** The page on someone's screen: the presenter's, or one they browsed to. */
export interface PageOnScreen {
  deck: DeckView;
  page: number;
  zoom: number;
}

/**
 * Slides as this person sees them: what the presenter shows, and where this person browsed on
 * their own (until they follow the presenter again). Small on purpose: it is in the meeting
 * page's entry script; pdf.js and the slides' view load only when something is shown.
 */
export class SlidesState {
  private readonly shownState = signal<SlidesView | null>(null);
  private readonly ownState = signal<{ page: number; zoom: number } | null>(null);
  private readonly keyState = signal<string | null>(null);

  /** What the presenter shows now. */
  readonly shown: ReadonlySignal<SlidesView | null> = this.shownState;
  /** The key slide file requests carry (the server gives one to each person in the meeting). */
  readonly key: ReadonlySignal<string | null> = this.keyState;
  readonly following = computed(() => this.ownState.value === null);
  readonly onScreen = computed<PageOnScreen | null>(() => {
    const shown = this.shownState.value;
    if (!shown) return null;
    return { deck: shown.deck, ...(this.ownState.value ?? { page: shown.page, zoom: shown.zoom }) };
  });
  /**
   * Names the page on screen (`<presentation id>:<page>`), or null with no slides: what is drawn
   * on top of a page (the whiteboard) keeps one layer per page id.
   */
  readonly pageId = computed(() => {
    const page = this.onScreen.value;
    return page ? `${page.deck.id}:${page.page}` : null;
  });

  /** Takes the slides' messages; false for any other. */
  apply(message: ServerMessage): boolean {
    if (message.type === 'slidesAccess') {
      this.keyState.value = message.key;
      return true;
    }
    if (message.type !== 'slides') return false;
    // Another presentation: whatever this person browsed belonged to the last one.
    if (message.current?.deck.id !== this.shownState.value?.deck.id) this.ownState.value = null;
    this.shownState.value = message.current;
    return true;
  }

  /** Looks at another page or zoom without moving anyone else. */
  browse(page: number, zoom: number): void {
    this.ownState.value = { page, zoom };
  }

  follow(): void {
    this.ownState.value = null;
  }

  clear(): void {
    this.shownState.value = null;
    this.ownState.value = null;
    this.keyState.value = null;
  }
}
