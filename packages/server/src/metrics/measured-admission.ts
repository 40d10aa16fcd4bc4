import { Admission } from '../meetings/admission.ts';
import { joinFailures, joinSeconds } from './instruments.ts';

/** The door with a stopwatch: how long letting someone in takes, and why people are refused. */
export class MeasuredAdmission extends Admission {
  override async join(...args: Parameters<Admission['join']>): ReturnType<Admission['join']> {
    const stop = joinSeconds.startTimer();
    try {
      const entered = await super.join(...args);
      if (entered.ok === true) stop();
      else if (entered.ok === false) joinFailures.inc({ reason: entered.code });
      return entered;
    } catch (err) {
      joinFailures.inc({ reason: 'internal' });
      throw err;
    }
  }
}
