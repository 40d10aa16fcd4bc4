import type { CollabDocumentName } from '@moot/protocol';
import { CollabChannel, type CollabHost } from './channel.ts';

const open = new WeakMap<CollabHost, Map<CollabDocumentName, CollabChannel>>();

/**
 * The meeting's document of that name, opened the first time a panel shows it and kept while
 * the session lives: closing the panel keeps the changes flowing and the undo history.
 */
export function channelFor(host: CollabHost, name: CollabDocumentName): CollabChannel {
  let channels = open.get(host);
  if (!channels) open.set(host, (channels = new Map()));
  let channel = channels.get(name);
  if (!channel) channels.set(name, (channel = new CollabChannel(name, host)));
  return channel;
}
