/** How far a long run is: `done` of `total` bytes or items (`cli/progress.ts` shows it). */
export type OnProgress = (done: number, total: number) => void;
