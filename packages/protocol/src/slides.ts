import { z } from 'zod';
import { SLIDES_MAX_ZOOM, SLIDES_MIN_ZOOM } from './slides-plain.ts';

/**
 * Slides: a presenter (a moderator, or someone a moderator made presenter) shows a PDF kept with
 * the room; everyone's browser renders the page the presenter is on, at the presenter's zoom.
 * Files travel over HTTP (see `slideRoutes`), authorized by the key each person receives in
 * `slidesAccess` on entering; the signaling messages carry only which deck, page and zoom.
 */

const DeckId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'not a presentation id');
const Page = z.number().int().min(1).max(10_000);
const Zoom = z.number().min(SLIDES_MIN_ZOOM).max(SLIDES_MAX_ZOOM);

export const SlidesClientMessage = [
  /** Presenters: show a presentation of the room from its first page, or stop showing (null). */
  z.strictObject({ type: z.literal('slidesShow'), deckId: DeckId.nullable() }),
  /** Presenters: the page and zoom everyone follows. */
  z.strictObject({ type: z.literal('slidesPage'), page: Page, zoom: Zoom }),
  /** Moderators: make someone presenter, or take it back. */
  z.strictObject({ type: z.literal('setPresenter'), target: z.string().max(32), presenter: z.boolean() }),
] as const;

/** A presentation kept with a room. */
export interface DeckView {
  id: string;
  name: string;
  pages: number;
  /** Bytes of its PDF. */
  size: number;
  createdAt: string;
}

/** What everyone in the meeting sees: the presenter's deck, page and zoom. */
export interface SlidesView {
  deck: DeckView;
  page: number;
  zoom: number;
  /** The name of whoever moved it last. */
  by: string;
}

export type SlidesServerMessage =
  /** To one person, right after `joined`: the key their browser sends with slide file requests. */
  | { type: 'slidesAccess'; key: string }
  /** To everyone on each change, and to each person on entering: what is shown (null: nothing). */
  | { type: 'slides'; current: SlidesView | null };

export interface DeckListResponse {
  decks: DeckView[];
}

/** The upload's file name travels URL-encoded in this header; the body is the file itself. */
export const SlideUploadName = z.string().trim().min(1).max(200);
