import { randomInt } from 'node:crypto';
import type { Db } from '../store/db.ts';

/**
 * Nine digits: short enough to type after a phone number, and with the per-caller limits on
 * wrong PINs (phone/pin-attempts.ts) far beyond guessing, even for an installation of many rooms.
 */
export const DIAL_IN_PIN_DIGITS = 9;

export function randomDialInPin(): string {
  return String(randomInt(10 ** (DIAL_IN_PIN_DIGITS - 1), 10 ** DIAL_IN_PIN_DIGITS));
}

/** A PIN no room has yet (the unique index stops the rare race of two rooms made at once). */
export async function freshDialInPin(db: Db): Promise<string> {
  for (;;) {
    const pin = randomDialInPin();
    const taken = await db.selectFrom('rooms').select('id').where('dial_in_pin', '=', pin).executeTakeFirst();
    if (!taken) return pin;
  }
}

export function findRoomIdByDialInPin(db: Db, pin: string): Promise<string | undefined> {
  return db
    .selectFrom('rooms')
    .select('id')
    .where('dial_in_pin', '=', pin)
    .executeTakeFirst()
    .then((row) => row?.id);
}
