import { MAX_TILES } from '@moot/protocol/plain';
import type { ClientMessage, TileRequest, ParticipantView, VideoSource } from '@moot/protocol';

/** One video on screen: whose, and which of their sources. */
export interface Shown {
  participantId: string;
  source: VideoSource;
}

export function sameShown(a: Shown | null, b: Shown | null): boolean {
  return a?.participantId === b?.participantId && a?.source === b?.source;
}

/** CSS pixels high; the server picks the simulcast layer from it. */
export type TileView = TileRequest;

const REPORT_DELAY_MS = 250;

/**
 * Tells the server which video tiles are on screen and how tall they are, so it sends exactly
 * those at a fitting quality. Layout changes come in bursts (resizes, people arriving), so
 * reports wait a moment and repeat nothing.
 */
export class ViewReporter {
  private last = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: { tiles: TileView[]; audioOnly: boolean } = { tiles: [], audioOnly: false };
  /** Whether the page has said what it shows at all. */
  private reported = false;

  constructor(private readonly send: (message: ClientMessage) => boolean) {}

  report(tiles: TileView[], audioOnly: boolean): void {
    this.reported = true;
    this.pending = { tiles: tiles.slice(0, MAX_TILES), audioOnly };
    // A busy meeting re-renders all the time: keep the first timer rather than restarting it.
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, REPORT_DELAY_MS);
  }

  /**
   * The server forgot our view (a fresh join): say it again. Before the first report there is
   * nothing to say: an empty view would make the server drop the default page of tiles it
   * subscribes a newcomer to, and subscribe them again once the page reports them.
   */
  resend(): void {
    this.last = '';
    if (this.reported) this.flush();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    const key = JSON.stringify(this.pending);
    if (key === this.last) return;
    if (this.send({ type: 'view', ...this.pending })) this.last = key;
  }
}

/** How many tiles fit a screen of this width: a page of 9, 16 or 25. */
export function pageSize(width: number): number {
  if (width < 900) return 9;
  return width < 1600 ? 16 : 25;
}

/**
 * The order of camera tiles: yourself first, then, when not everyone fits on a page, the
 * latest speakers first (in a small meeting, tiles keep their places so nothing jumps).
 */
export function tileOrder(people: ParticipantView[], selfId: string | null, size: number): ParticipantView[] {
  const self = people.filter((p) => p.id === selfId);
  const others = people.filter((p) => p.id !== selfId);
  return people.length <= size ? [...self, ...others] : [...self, ...bySpeech(others)];
}

/** Latest speakers first; people who never spoke keep their order after them. */
export function bySpeech(people: ParticipantView[]): ParticipantView[] {
  const spoke = (p: ParticipantView) => (p.lastSpokeAt ? Date.parse(p.lastSpokeAt) : 0);
  // Array.prototype.sort is stable, so equal times keep the roster's order.
  return [...people].sort((a, b) => spoke(b) - spoke(a));
}

/** One page of the grid: the screens shown large above it and its camera tiles. */
export interface GridPage {
  screens: Shown[];
  cameras: ParticipantView[];
  /** The page shown (0-based), kept within the pages there are. */
  page: number;
  pages: number;
}

/**
 * The grid at page `page` of pages of `size`: screen shares first (your own, then the
 * others'), then the cameras in tile order.
 */
export function gridPage(people: ParticipantView[], selfId: string | null, selfSharing: boolean, size: number, page: number): GridPage {
  const self = people.find((p) => p.id === selfId);
  const screens: Shown[] = [
    ...(self && selfSharing ? [{ participantId: self.id, source: 'screen' as const }] : []),
    ...people.filter((p) => p.screenSharing && p !== self).map((p) => ({ participantId: p.id, source: 'screen' as const })),
  ];
  const ordered = tileOrder(people, selfId, size);
  const pages = Math.max(1, Math.ceil(ordered.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { screens, cameras: ordered.slice(current * size, (current + 1) * size), page: current, pages };
}
