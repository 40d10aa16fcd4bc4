import * as Y from 'yjs';
import { useEffect, useRef, useState } from 'preact/hooks';
import { BLANK_BOARD_PAGE } from '@moot/protocol/plain';
import { t } from '../i18n/index.ts';
import { mayWrite } from '../collab/access.ts';
import { channelFor } from '../collab/channels.ts';
import { downloadBlob } from '../collab/download.ts';
import type { MeetingSession } from '../meeting/session.ts';
import { BOARD_WIDTH, BLANK_HEIGHT, COLORS, MAX_TEXT, erase, extendItem, pageArray, readPage, startItem, textItem, type ColorName, type Tool } from './model.ts';
import { drawItems, exportPng } from './render.ts';
import { exportPdf } from './pdf.ts';
import { useSlidePicture } from './slide-picture.ts';
import { useCursors } from './cursors.ts';
import { AccessChoice, Toolbar } from './toolbar.tsx';
import './whiteboard.css';

const ERASER_REACH = 10;
/** Pointer positions go to the others at most this often. */
const CURSOR_MS = 100;
/** A pen adds a point once it moved this far (board units): smooth enough, a fraction of the data. */
const MIN_STEP = 2;

const undoManagers = new WeakMap<Y.Doc, Map<string, Y.UndoManager>>();

/** One undo history per page, of this person's own changes only (the others' arrive as remote). */
function undoFor(doc: Y.Doc, page: string): Y.UndoManager {
  let pages = undoManagers.get(doc);
  if (!pages) undoManagers.set(doc, (pages = new Map()));
  let manager = pages.get(page);
  // Each stroke starts a new step (stopCapturing), however long the person pauses mid-stroke.
  if (!manager) pages.set(page, (manager = new Y.UndoManager(pageArray(doc, page), { trackedOrigins: new Set([null]), captureTimeout: 600_000 })));
  return manager;
}

export interface WhiteboardProps {
  session: MeetingSession;
  /** The slide page on screen (`session.slides.pageId`), whose layer is drawn on; the blank board without slides. */
  page?: string | null;
  onClose: () => void;
}

export function Whiteboard(props: WhiteboardProps) {
  const { session } = props;
  const channel = channelFor(session, 'board');
  const { doc } = channel;
  const page = props.page ?? BLANK_BOARD_PAGE;
  // On a slide, the drawings go on its picture and take its shape.
  const slide = useSlidePicture(props.page ?? null);
  const background = slide?.picture ?? null;
  const height = Math.round(BOARD_WIDTH / (slide?.aspect ?? BOARD_WIDTH / BLANK_HEIGHT));
  const self = session.roster.self.value;
  const access = channel.access.value;
  const canDraw = mayWrite('board', access, self);
  const moderator = self?.role === 'moderator';
  const [tool, setTool] = useState<Tool>('pen');
  const [color, setColor] = useState<ColorName>('black');
  const [count, setCount] = useState(0);
  const [history, setHistory] = useState({ undo: false, redo: false });
  const [typing, setTypingState] = useState<{ x: number; y: number } | null>(null);
  // Enter places the text and removes the field, whose blur then comes too: place it once.
  const typingAt = useRef<{ x: number; y: number } | null>(null);
  const setTyping = (at: { x: number; y: number } | null) => {
    typingAt.current = at;
    setTypingState(at);
  };
  const cursors = useCursors(session);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const stage = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ map: Y.Map<unknown> | null; erasing: boolean; last: [number, number] }>({ map: null, erasing: false, last: [0, 0] });
  const lastCursor = useRef(0);
  const undo = undoFor(doc, page);
  useEffect(() => {
    if (canDraw) channel.writable();
  }, [canDraw]);

  // The paper keeps its shape and fills the stage.
  useEffect(() => {
    const element = stage.current;
    if (!element) return;
    const fit = () => {
      const width = Math.min(element.clientWidth, (element.clientHeight * BOARD_WIDTH) / height);
      setSize({ width: Math.floor(width), height: Math.floor((width * height) / BOARD_WIDTH) });
    };
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    fit();
    return () => observer.disconnect();
  }, [height]);

  // Redraws once a frame at most, whatever number of changes arrived.
  useEffect(() => {
    const element = canvas.current;
    if (!element || size.width === 0) return;
    const ratio = devicePixelRatio || 1;
    element.width = Math.round(size.width * ratio);
    element.height = Math.round(size.height * ratio);
    let frame = 0;
    const redraw = () => {
      frame = 0;
      const context = element.getContext('2d');
      if (!context) return;
      const items = readPage(doc, page);
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, element.width, element.height);
      const scale = (size.width * ratio) / BOARD_WIDTH;
      context.setTransform(scale, 0, 0, scale, 0, 0);
      if (background) context.drawImage(background, 0, 0, BOARD_WIDTH, height);
      drawItems(context, items);
      setCount(items.length);
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(redraw);
    };
    const array = pageArray(doc, page);
    array.observeDeep(schedule);
    redraw();
    return () => {
      array.unobserveDeep(schedule);
      cancelAnimationFrame(frame);
    };
  }, [doc, page, size, background]);

  useEffect(() => {
    const changed = () => setHistory({ undo: undo.canUndo(), redo: undo.canRedo() });
    changed();
    undo.on('stack-item-added', changed);
    undo.on('stack-item-popped', changed);
    undo.on('stack-cleared', changed);
    return () => {
      undo.off('stack-item-added', changed);
      undo.off('stack-item-popped', changed);
      undo.off('stack-cleared', changed);
    };
  }, [undo]);

  const pointOf = (event: PointerEvent): [number, number] => {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return [((event.clientX - box.left) / box.width) * BOARD_WIDTH, ((event.clientY - box.top) / box.height) * height];
  };

  const shareCursor = (at: [number, number] | null) => {
    const now = Date.now();
    if (at && now - lastCursor.current < CURSOR_MS) return;
    lastCursor.current = at ? now : 0;
    session.trySend({ type: 'collabCursor', doc: 'board', at: at && { page, x: Math.round(at[0]), y: Math.round(at[1]) } });
  };

  const onPointerDown = (event: PointerEvent) => {
    if (!canDraw || event.button !== 0) return;
    const [x, y] = pointOf(event);
    if (tool === 'text') {
      event.preventDefault();
      setTyping({ x, y });
      return;
    }
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    drawing.current.last = [x, y];
    undo.stopCapturing();
    if (tool === 'eraser') {
      drawing.current.erasing = true;
      erase(doc, page, x, y, ERASER_REACH);
      return;
    }
    const map = startItem(tool, COLORS[color], x, y);
    doc.transact(() => pageArray(doc, page).push([map]));
    drawing.current.map = map;
  };

  const onPointerMove = (event: PointerEvent) => {
    const [x, y] = pointOf(event);
    shareCursor([x, y]);
    const current = drawing.current;
    if (current.erasing) {
      erase(doc, page, x, y, ERASER_REACH);
      return;
    }
    if (!current.map || Math.hypot(x - current.last[0], y - current.last[1]) < MIN_STEP) return;
    current.last = [x, y];
    const map = current.map;
    doc.transact(() => extendItem(map, x, y));
  };

  const onPointerUp = () => {
    drawing.current.map = null;
    drawing.current.erasing = false;
  };

  const placeText = (text: string) => {
    const at = typingAt.current;
    setTyping(null);
    if (!at || !text.trim()) return;
    undo.stopCapturing();
    doc.transact(() => pageArray(doc, page).push([textItem(COLORS[color], at.x, at.y, text)]));
  };

  const savePng = async () => {
    const blob = await exportPng(readPage(doc, page), BOARD_WIDTH, height, background);
    if (blob) downloadBlob(blob, `${t('board.fileName')}.png`);
  };

  const savePdf = async () => {
    downloadBlob(await exportPdf(doc, { page, height, background }), `${t('board.fileName')}.pdf`);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'z' || !canDraw) return;
    // In the text field, Ctrl+Z undoes the typing, not a drawing.
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    event.preventDefault();
    if (event.shiftKey) undo.redo();
    else undo.undo();
  };

  const shownCursors = [...cursors].filter(([, cursor]) => cursor.page === page);

  return (
    <section class="board-stage" aria-labelledby="board-heading" onKeyDown={onKeyDown}>
      <header class="board-bar">
        <h2 id="board-heading">{t('board.title')}</h2>
        <Toolbar
          tool={tool}
          color={color}
          canDraw={canDraw}
          canUndo={history.undo}
          canRedo={history.redo}
          onTool={setTool}
          onColor={setColor}
          onUndo={() => undo.undo()}
          onRedo={() => undo.redo()}
          onSavePng={() => void savePng()}
          onSavePdf={() => void savePdf()}
        />
        {moderator && <AccessChoice access={access} onChange={(next) => session.command({ type: 'collabAccess', doc: 'board', access: next })} />}
        <button type="button" class="board-close" onClick={props.onClose}>
          {t('action.close')}
        </button>
      </header>
      {!canDraw && self && <p class="board-note">{t('board.readOnly')}</p>}
      <div class="board-area" ref={stage}>
        <div class="board-paper" style={{ width: `${size.width}px`, height: `${size.height}px` }}>
          <canvas
            ref={canvas}
            class={`board-canvas tool-${tool}`}
            role="img"
            aria-label={t('board.canvas')}
            aria-describedby="board-summary"
            style={{ width: `${size.width}px`, height: `${size.height}px` }}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerUp}
            onPointerLeave={() => shareCursor(null)}
          />
          {shownCursors.map(([id, cursor]) => (
            <span key={id} class="board-cursor" style={{ left: `${(cursor.x / BOARD_WIDTH) * 100}%`, top: `${(cursor.y / height) * 100}%` }}>
              {cursor.name}
            </span>
          ))}
          {typing && (
            <input
              class="board-text-input"
              aria-label={t('board.textLabel')}
              maxLength={MAX_TEXT}
              style={{ left: `${(typing.x / BOARD_WIDTH) * 100}%`, top: `${(typing.y / height) * 100}%`, color: COLORS[color] }}
              ref={(input) => input?.focus()}
              onKeyDown={(event) => {
                if (event.key === 'Enter') placeText(event.currentTarget.value);
                if (event.key === 'Escape') setTyping(null);
              }}
              onBlur={(event) => placeText(event.currentTarget.value)}
            />
          )}
        </div>
        <p id="board-summary" class="visually-hidden">
          {t('board.summary', { count })}
        </p>
      </div>
    </section>
  );
}
