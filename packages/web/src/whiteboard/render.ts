import type { Item } from './model.ts';

/** Draws the items in order onto a context already scaled to board units. */
export function drawItems(context: CanvasRenderingContext2D, items: Item[]): void {
  context.lineCap = 'round';
  context.lineJoin = 'round';
  for (const item of items) {
    context.save();
    context.strokeStyle = item.color;
    context.fillStyle = item.color;
    context.lineWidth = item.size;
    if (item.tool === 'highlighter') {
      context.globalAlpha = 0.35;
      context.globalCompositeOperation = 'multiply';
    }
    draw(context, item);
    context.restore();
  }
}

function draw(context: CanvasRenderingContext2D, item: Item): void {
  switch (item.tool) {
    case 'pen':
    case 'highlighter': {
      const p = item.points;
      context.beginPath();
      context.moveTo(p[0] ?? 0, p[1] ?? 0);
      // A single point (a tap) still leaves a dot.
      if (p.length === 2) context.lineTo((p[0] ?? 0) + 0.01, p[1] ?? 0);
      for (let i = 2; i + 1 < p.length; i += 2) context.lineTo(p[i]!, p[i + 1]!);
      context.stroke();
      return;
    }
    case 'rectangle': {
      const [x1, y1, x2, y2] = item.box;
      context.strokeRect(Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1));
      return;
    }
    case 'ellipse': {
      const [x1, y1, x2, y2] = item.box;
      context.beginPath();
      context.ellipse((x1 + x2) / 2, (y1 + y2) / 2, Math.abs(x2 - x1) / 2, Math.abs(y2 - y1) / 2, 0, 0, Math.PI * 2);
      context.stroke();
      return;
    }
    case 'line':
    case 'arrow': {
      const [x1, y1, x2, y2] = item.box;
      context.beginPath();
      context.moveTo(x1, y1);
      context.lineTo(x2, y2);
      if (item.tool === 'arrow' && (x1 !== x2 || y1 !== y2)) {
        const angle = Math.atan2(y2 - y1, x2 - x1);
        const head = 6 * item.size;
        for (const side of [-1, 1]) {
          context.moveTo(x2, y2);
          context.lineTo(x2 - head * Math.cos(angle + (side * Math.PI) / 7), y2 - head * Math.sin(angle + (side * Math.PI) / 7));
        }
      }
      context.stroke();
      return;
    }
    case 'text':
      context.font = `${item.size}px system-ui, sans-serif`;
      context.textBaseline = 'alphabetic';
      context.fillText(item.text, item.x, item.y);
      return;
  }
}

/** A page on white paper, or on what `background` paints (a slide), with the drawings on top. */
export function paintPage(items: Item[], width: number, height: number, background?: CanvasImageSource | null): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  if (background) context.drawImage(background, 0, 0, width, height);
  drawItems(context, items);
  return canvas;
}

export function exportPng(items: Item[], width: number, height: number, background?: CanvasImageSource | null): Promise<Blob | null> {
  const canvas = paintPage(items, width, height, background);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}
