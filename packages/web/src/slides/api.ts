import type { DeckListResponse, DeckView, ErrorBody } from '@moot/protocol';
import { SLIDES_KEY_HEADER, SLIDES_NAME_HEADER, slideRoutes } from '@moot/protocol/plain';
import { ApiError } from '../api.ts';
import { errorText } from '../i18n/errors.ts';

/** The refusal in a failed answer, in the person's language. */
export async function slidesFailure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  const code = body?.error?.code ?? 'internal';
  return new ApiError(response.status, code, errorText(code), body?.error?.details);
}

async function call(method: string, path: string, key: string, init: { body?: Blob; headers?: Record<string, string> } = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { method, credentials: 'same-origin', headers: { [SLIDES_KEY_HEADER]: key, ...init.headers }, body: init.body ?? null });
  } catch {
    throw new ApiError(0, 'network', errorText('network'));
  }
  if (!response.ok) throw await slidesFailure(response);
  return response;
}

export async function listDecks(roomId: string, key: string): Promise<DeckView[]> {
  const response = await call('GET', slideRoutes.decks(roomId), key);
  return ((await response.json()) as DeckListResponse).decks;
}

export async function uploadDeck(roomId: string, key: string, file: File): Promise<DeckView> {
  const response = await call('POST', slideRoutes.decks(roomId), key, {
    body: file,
    headers: { 'content-type': file.type || 'application/octet-stream', [SLIDES_NAME_HEADER]: encodeURIComponent(file.name.slice(0, 200)) },
  });
  return (await response.json()) as DeckView;
}

export async function deleteDeck(roomId: string, key: string, deckId: string): Promise<void> {
  await call('DELETE', slideRoutes.deck(roomId, deckId), key);
}
