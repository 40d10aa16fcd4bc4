import { existsSync } from 'node:fs';
import type { Logger } from '../log.ts';
import type { ShownSlide } from '../meetings/meeting.ts';
import { run, ToolError } from '../recordings/tools.ts';

/**
 * One page of a presentation as a PNG whose longer side is `size` pixels, at `<prefix>.png`: how
 * recordings and livestreams show the presenter's page. Undefined when the presentation is gone
 * or the page cannot be drawn (logged: the picture goes on without it); a missing pdftoppm throws.
 */
export async function renderPage(pdf: string, slide: ShownSlide, prefix: string, size: number, log: Logger): Promise<string | undefined> {
  if (!existsSync(pdf)) {
    log.warn({ deck: slide.deckId }, 'a presentation that was shown has been deleted; its pages are left out');
    return undefined;
  }
  const page = String(slide.page);
  try {
    await run('pdftoppm', ['-png', '-singlefile', '-f', page, '-l', page, '-scale-to', String(size), pdf, prefix]);
  } catch (err) {
    if (err instanceof ToolError && err.missing) throw err;
    log.warn({ deck: slide.deckId, page: slide.page, err: (err as Error).message }, 'a slide page could not be drawn; the picture goes on without it');
    return undefined;
  }
  return `${prefix}.png`;
}
