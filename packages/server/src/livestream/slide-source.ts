import { stillPictureRtp, type StillTarget } from './encoder.ts';

/** The longer side of a page as drawn for the program (the encoder's picture is 960×540). */
export const SLIDE_SIZE = 960;

/**
 * The presenter's page as VP8 RTP, for the program while a presentation is shown: the page drawn
 * once as a PNG and looped by ffmpeg, into the same relay as people's video and the card. Text
 * on a page needs more bits than the card's plain name.
 */
export function slideArgs(image: string, target: StillTarget, ssrc: number): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    '-re',
    ...['-loop', '1', '-framerate', '5', '-i', image],
    // VP8 takes even sizes only; pdftoppm keeps the page's proportions.
    ...['-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2,format=yuv420p'],
    ...stillPictureRtp(target, ssrc, '400k'),
  ];
}
