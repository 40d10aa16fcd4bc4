import { signal } from '@preact/signals';
import type { MeResponse } from '@moot/protocol';
import { api } from './api.ts';

/** Who is signed in, as last told by the server; null until the first answer. */
export const me = signal<MeResponse | null>(null);

export async function refreshMe(): Promise<MeResponse> {
  const answer = await api.me();
  me.value = answer;
  return answer;
}
