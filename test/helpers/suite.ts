import { after } from 'node:test';
import { Browsers } from './browser.ts';
import { startMoot, type Moot, type StartOptions } from './moot.ts';

/**
 * One server and its browsers for a browser-test file: the file's `before` awaits `start()`
 * (guests switched on when asked; `env` there adds what is only known then), and both are
 * stopped after the file's tests, even when one failed.
 */
export function serverWithBrowsers(options: StartOptions & { guests?: boolean } = {}): {
  start: (env?: Record<string, string>) => Promise<Moot>;
  browsers: Browsers;
} {
  const { guests, ...startOptions } = options;
  const browsers = new Browsers();
  let started: Promise<Moot> | undefined;
  after(async () => {
    await browsers.close();
    const moot = await started?.catch(() => undefined);
    await moot?.stop();
  });
  const start = (env: Record<string, string> = {}) =>
    (started ??= (async () => {
      const moot = await startMoot({ ...startOptions, env: { ...startOptions.env, ...env } });
      if (guests) await moot.cli(['settings', 'set', 'guests', 'on', '--json']);
      return moot;
    })());
  return { start, browsers };
}
