import * as Y from 'yjs';

/**
 * The whiteboard's content: for each page (the blank board, or a slide page by its id) a root
 * array of items, each a Y.Map. Root arrays rather than a map of arrays: two people opening the
 * same page at once then write into one array instead of one replacing the other's.
 *
 * Coordinates are board units: the board is BOARD_WIDTH wide and as tall as its page's shape.
 */
export const BOARD_WIDTH = 1600;
export const BLANK_HEIGHT = 900;

export type Tool = 'pen' | 'highlighter' | 'rectangle' | 'ellipse' | 'line' | 'arrow' | 'text' | 'eraser';
export type ItemTool = Exclude<Tool, 'eraser'>;
const ITEM_TOOLS: readonly string[] = ['pen', 'highlighter', 'rectangle', 'ellipse', 'line', 'arrow', 'text'];

/** An item as drawn; anything a browser sent that does not fit is skipped, never trusted. */
export type Item =
  | { tool: 'pen' | 'highlighter'; color: string; size: number; points: number[] }
  | { tool: 'rectangle' | 'ellipse' | 'line' | 'arrow'; color: string; size: number; box: [number, number, number, number] }
  | { tool: 'text'; color: string; size: number; x: number; y: number; text: string };

export const COLORS = { black: '#1f2328', red: '#d1242f', blue: '#0969da', green: '#1a7f37', orange: '#e16f24', purple: '#8250df' } as const;
export type ColorName = keyof typeof COLORS;

const SIZES: Record<ItemTool, number> = { pen: 4, highlighter: 24, rectangle: 4, ellipse: 4, line: 4, arrow: 4, text: 32 };
export const MAX_TEXT = 500;

export function pageArray(doc: Y.Doc, page: string): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>(`page:${page}`);
}

const round = (n: number) => Math.round(n * 10) / 10;
const isColor = (value: unknown): value is string => typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Reads one item, or null when it is not one this board draws. */
export function readItem(map: Y.Map<unknown>): Item | null {
  const tool = map.get('tool');
  const color = map.get('color');
  const size = map.get('size');
  if (typeof tool !== 'string' || !ITEM_TOOLS.includes(tool) || !isColor(color) || !isNumber(size) || size <= 0 || size > 200) return null;
  if (tool === 'pen' || tool === 'highlighter') {
    const points = map.get('points');
    if (!(points instanceof Y.Array)) return null;
    const values = points.toArray().filter(isNumber);
    return { tool, color, size, points: values.length % 2 ? values.slice(0, -1) : values };
  }
  if (tool === 'text') {
    const x = map.get('x');
    const y = map.get('y');
    const text = map.get('text');
    if (!isNumber(x) || !isNumber(y) || typeof text !== 'string') return null;
    return { tool, color, size, x, y, text: text.slice(0, MAX_TEXT) };
  }
  const box = map.get('box');
  if (!Array.isArray(box) || box.length !== 4 || !box.every(isNumber)) return null;
  return { tool: tool as 'rectangle' | 'ellipse' | 'line' | 'arrow', color, size, box: box as [number, number, number, number] };
}

export function readPage(doc: Y.Doc, page: string): Item[] {
  return pageArray(doc, page)
    .toArray()
    .map((map) => (map instanceof Y.Map ? readItem(map) : null))
    .filter((item): item is Item => item !== null);
}

/** Starts an item at a point: a stroke's first point, a shape's corner. */
export function startItem(tool: Exclude<ItemTool, 'text'>, color: string, x: number, y: number): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('tool', tool);
  map.set('color', color);
  map.set('size', SIZES[tool]);
  if (tool === 'pen' || tool === 'highlighter') {
    const points = new Y.Array<number>();
    points.push([round(x), round(y)]);
    map.set('points', points);
  } else {
    map.set('box', [round(x), round(y), round(x), round(y)]);
  }
  return map;
}

export function textItem(color: string, x: number, y: number, text: string): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('tool', 'text');
  map.set('color', color);
  map.set('size', SIZES.text);
  map.set('x', round(x));
  map.set('y', round(y));
  map.set('text', text.slice(0, MAX_TEXT));
  return map;
}

/** Extends the item being drawn to a new point. */
export function extendItem(map: Y.Map<unknown>, x: number, y: number): void {
  const points = map.get('points');
  if (points instanceof Y.Array) {
    points.push([round(x), round(y)]);
    return;
  }
  const box = map.get('box');
  if (Array.isArray(box)) map.set('box', [box[0], box[1], round(x), round(y)]);
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Whether the eraser at (x, y) with this reach touches the item's ink. */
export function touches(item: Item, x: number, y: number, reach: number): boolean {
  const near = reach + item.size / 2;
  switch (item.tool) {
    case 'pen':
    case 'highlighter': {
      const p = item.points;
      if (p.length === 2) return Math.hypot(x - p[0]!, y - p[1]!) <= near;
      for (let i = 0; i + 3 < p.length; i += 2) if (distanceToSegment(x, y, p[i]!, p[i + 1]!, p[i + 2]!, p[i + 3]!) <= near) return true;
      return false;
    }
    case 'line':
    case 'arrow':
      return distanceToSegment(x, y, ...item.box) <= near;
    case 'rectangle': {
      const [x1, y1, x2, y2] = item.box;
      const edges: [number, number, number, number][] = [
        [x1, y1, x2, y1],
        [x2, y1, x2, y2],
        [x2, y2, x1, y2],
        [x1, y2, x1, y1],
      ];
      return edges.some((edge) => distanceToSegment(x, y, ...edge) <= near);
    }
    case 'ellipse': {
      const [x1, y1, x2, y2] = item.box;
      const rx = Math.abs(x2 - x1) / 2;
      const ry = Math.abs(y2 - y1) / 2;
      const cx = (x1 + x2) / 2;
      const cy = (y1 + y2) / 2;
      if (rx < 1 || ry < 1) return Math.hypot(x - cx, y - cy) <= near + Math.max(rx, ry);
      // Distance along the ray from the centre: close enough for an eraser's reach.
      const angle = Math.atan2((y - cy) / ry, (x - cx) / rx);
      return Math.hypot(x - (cx + rx * Math.cos(angle)), y - (cy + ry * Math.sin(angle))) <= near;
    }
    case 'text': {
      const width = item.text.length * item.size * 0.6;
      return x >= item.x - reach && x <= item.x + width + reach && y >= item.y - item.size - reach && y <= item.y + reach;
    }
  }
}

/** Removes every item the eraser touches at (x, y); one change for all of them. */
export function erase(doc: Y.Doc, page: string, x: number, y: number, reach: number): number {
  const array = pageArray(doc, page);
  const hit: number[] = [];
  array.forEach((map, index) => {
    const item = map instanceof Y.Map ? readItem(map) : null;
    if (item && touches(item, x, y, reach)) hit.push(index);
  });
  if (hit.length) doc.transact(() => hit.reverse().forEach((index) => array.delete(index, 1)));
  return hit.length;
}
