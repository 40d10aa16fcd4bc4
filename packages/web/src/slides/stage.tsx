import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'preact/hooks';
import { SLIDES_MAX_ZOOM, SLIDES_MIN_ZOOM } from '@moot/protocol/plain';
import { formatNumber, t } from '../i18n/index.ts';
import type { MeetingSession } from '../meeting/session.ts';
import { Icon } from '../ui/icons.tsx';
import { DeckManager } from './manager.tsx';
import { drawPage, openDeck } from './pdf.ts';
import type { PageOnScreen } from './state.ts';
import './slides.css';

const ZOOM_STEP = 1.25;

/** Whether this person may show slides: moderators, and whoever a moderator made presenter. */
export function presents(session: MeetingSession): boolean {
  const self = session.roster.self.value;
  return self?.role === 'moderator' || self?.presenter === true;
}

export function SlidesStage(props: { session: MeetingSession; manage: boolean; onCloseManager: () => void }) {
  const { session } = props;
  const { slides } = session;
  const onScreen = slides.onScreen.value;
  const shown = slides.shown.value;
  const presenter = presents(session);
  const roomId = session.entry.room.id;

  // Presenters move everyone; the others move only their own view, until they follow again.
  const go = (page: number, zoom: number) => {
    if (!onScreen) return;
    const next = { page: Math.min(Math.max(page, 1), onScreen.deck.pages), zoom: Math.min(Math.max(zoom, SLIDES_MIN_ZOOM), SLIDES_MAX_ZOOM) };
    if (presenter) {
      slides.follow();
      session.command({ type: 'slidesPage', ...next });
    } else {
      slides.browse(next.page, next.zoom);
    }
  };

  return (
    <section class="slides" aria-label={t('slides.region')}>
      {props.manage && presenter && <DeckManager session={session} onClose={props.onCloseManager} />}
      {onScreen && shown && (
        <>
          <PageCanvas session={session} roomId={roomId} onScreen={onScreen} />
          <div class="slides-bar">
            <button type="button" class="icon-button" aria-label={t('slides.previous')} title={t('slides.previous')} disabled={onScreen.page <= 1} onClick={() => go(onScreen.page - 1, onScreen.zoom)}>
              <span aria-hidden="true">‹</span>
            </button>
            <span class="slides-page" role="status">
              {t('slides.pageOf', { page: formatNumber(onScreen.page), pages: formatNumber(onScreen.deck.pages) })}
            </span>
            <button type="button" class="icon-button" aria-label={t('slides.next')} title={t('slides.next')} disabled={onScreen.page >= onScreen.deck.pages} onClick={() => go(onScreen.page + 1, onScreen.zoom)}>
              <span aria-hidden="true">›</span>
            </button>
            <button type="button" class="icon-button" aria-label={t('slides.zoomOut')} title={t('slides.zoomOut')} disabled={onScreen.zoom <= SLIDES_MIN_ZOOM} onClick={() => go(onScreen.page, onScreen.zoom / ZOOM_STEP)}>
              <span aria-hidden="true">−</span>
            </button>
            <button type="button" class="icon-button" aria-label={t('slides.zoomIn')} title={t('slides.zoomIn')} disabled={onScreen.zoom >= SLIDES_MAX_ZOOM} onClick={() => go(onScreen.page, onScreen.zoom * ZOOM_STEP)}>
              <span aria-hidden="true">+</span>
            </button>
            {!slides.following.value && (
              <button type="button" class="primary" onClick={() => slides.follow()}>
                {t('slides.follow')}
              </button>
            )}
            {presenter ? (
              <button type="button" onClick={() => session.command({ type: 'slidesShow', deckId: null })}>
                <Icon name="close" /> {t('slides.stop')}
              </button>
            ) : (
              <span class="slides-by">{t('slides.shownBy', { name: shown.by })}</span>
            )}
          </div>
        </>
      )}
    </section>
  );
}

/** The page on screen, drawn by pdf.js; the presentation is fetched once per deck. */
function PageCanvas(props: { session: MeetingSession; roomId: string; onScreen: PageOnScreen }) {
  const { onScreen } = props;
  const key = props.session.slides.key.value;
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [pdf, setPdf] = useState<{ deckId: string; document: PDFDocumentProxy } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });

  useEffect(() => {
    if (!key) return;
    let current = true;
    let opened: PDFDocumentProxy | undefined;
    setFailed(null);
    openDeck(props.roomId, onScreen.deck.id, key)
      .then((document) => {
        opened = document;
        if (current) setPdf({ deckId: onScreen.deck.id, document });
        else void document.destroy();
      })
      .catch((error: Error) => current && setFailed(error.message || t('slides.loadFailed')));
    return () => {
      current = false;
      void opened?.destroy();
    };
  }, [onScreen.deck.id, key, props.roomId]);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const target = canvas.current;
    if (!pdf || pdf.deckId !== onScreen.deck.id || !target || size.width === 0 || size.height === 0) return;
    let task: RenderTask | undefined;
    let current = true;
    void drawPage(pdf.document, onScreen.page, onScreen.zoom, target, size)
      .then((started) => {
        task = started;
        if (!current) return started.cancel();
        return started.promise.then(() => {
          if (current) target.dataset.renderedPage = `${onScreen.deck.id}:${onScreen.page}`;
        });
      })
      .catch(() => undefined);
    return () => {
      current = false;
      task?.cancel();
    };
  }, [pdf, onScreen.page, onScreen.zoom, size.width, size.height]);

  return (
    // Focusable so that a zoomed page, larger than its box, can be scrolled with the keyboard.
    <div class="slides-page-box" ref={box} tabIndex={0}>
      {failed ? (
        <p class="slides-failed" role="alert">
          {failed}
        </p>
      ) : (
        <canvas ref={canvas} role="img" aria-label={t('slides.pageOf', { page: formatNumber(onScreen.page), pages: formatNumber(onScreen.deck.pages) })} data-page-id={`${onScreen.deck.id}:${onScreen.page}`} />
      )}
    </div>
  );
}
