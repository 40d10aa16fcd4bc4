import type * as Y from 'yjs';
import { BLANK_BOARD_PAGE } from '@moot/protocol/plain';
import { BLANK_HEIGHT, BOARD_WIDTH, readPage } from './model.ts';
import { paintPage } from './render.ts';

/** The pages that have drawings, the blank board first, then slide pages in their order. */
export function drawnPages(doc: Y.Doc): string[] {
  const pages = [...doc.share.keys()].filter((name) => name.startsWith('page:')).map((name) => name.slice('page:'.length));
  const drawn = pages.filter((page) => readPage(doc, page).length > 0);
  return drawn.sort((a, b) => (a === BLANK_BOARD_PAGE ? -1 : b === BLANK_BOARD_PAGE ? 1 : a.localeCompare(b, undefined, { numeric: true })));
}

/**
 * Every drawn page of the board as one PDF, a page each (pdf-lib, fetched only when someone
 * exports). `current` gets the background and shape of the page on screen.
 */
export async function exportPdf(doc: Y.Doc, current: { page: string; height: number; background?: CanvasImageSource | null }): Promise<Blob> {
  const { PDFDocument } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  const pages = drawnPages(doc);
  if (!pages.includes(current.page)) pages.unshift(current.page);
  for (const page of pages) {
    const height = page === current.page ? current.height : BLANK_HEIGHT;
    const canvas = paintPage(readPage(doc, page), BOARD_WIDTH, height, page === current.page ? current.background : null);
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!png) continue;
    const image = await pdf.embedPng(await png.arrayBuffer());
    // One board unit to one PDF point: a page the shape of the board.
    pdf.addPage([BOARD_WIDTH, height]).drawImage(image, { x: 0, y: 0, width: BOARD_WIDTH, height });
  }
  return new Blob([new Uint8Array(await pdf.save())], { type: 'application/pdf' });
}
