import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy, type RenderTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { SLIDES_KEY_HEADER, slideRoutes } from '@moot/protocol/plain';
import { slidesFailure } from './api.ts';

// The worker is a static file of this site (the page's CSP allows no other origin).
GlobalWorkerOptions.workerSrc = workerUrl;

/** Fetches a presentation with this person's key and opens it; no code from the file ever runs. */
export async function openDeck(roomId: string, deckId: string, key: string): Promise<PDFDocumentProxy> {
  const response = await fetch(slideRoutes.file(roomId, deckId), { credentials: 'same-origin', headers: { [SLIDES_KEY_HEADER]: key } });
  if (!response.ok) throw await slidesFailure(response);
  const data = new Uint8Array(await response.arrayBuffer());
  return getDocument({ data, isEvalSupported: false }).promise;
}

/**
 * Draws a page into the canvas as large as fits the box, times `zoom`, sharp on dense screens.
 * Returns the task, so a newer page can cancel a drawing still under way.
 */
export async function drawPage(pdf: PDFDocumentProxy, pageNumber: number, zoom: number, canvas: HTMLCanvasElement, box: { width: number; height: number }): Promise<RenderTask> {
  const page = await pdf.getPage(pageNumber);
  const natural = page.getViewport({ scale: 1 });
  const fit = Math.min(box.width / natural.width, box.height / natural.height) * zoom;
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale: fit * ratio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
  canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
  return page.render({ canvas, viewport });
}
