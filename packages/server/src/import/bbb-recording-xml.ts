import { XMLParser } from 'fast-xml-parser';
import type { ChatMessageView } from '@moot/protocol';

/** What moot keeps of a BigBlueButton recording's metadata.xml. */
export interface BbbRecordingMetadata {
  recordId: string;
  /** The integration's meetingID (`<meeting externalId>`, or `<meta><meetingId>` in older recordings). */
  meetingId: string | undefined;
  name: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  published: boolean;
  /** The `meta_*` parameters the meeting was created with, as `getRecordings` shows them. */
  meta: Record<string, string>;
}

// Attributes keep their own names; values stay strings (a meeting id of digits must not become a number).
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, trimValues: true });

type Node = Record<string, unknown>;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'object' && value !== null && typeof (value as Node)['#text'] === 'string' ? ((value as Node)['#text'] as string) : undefined);
const number = (value: unknown): number | undefined => {
  const n = Number(text(value));
  return text(value) !== undefined && Number.isFinite(n) ? n : undefined;
};

/** Reads metadata.xml; throws when it is not a BigBlueButton recording's. */
export function parseMetadata(xml: string): BbbRecordingMetadata {
  const recording = (parser.parse(xml) as { recording?: Node }).recording;
  const recordId = text(recording?.id);
  const startMs = number(recording?.start_time);
  if (!recording || !recordId || startMs === undefined) throw new Error('not a BigBlueButton recording (no <recording> with <id> and <start_time>)');
  const meeting = (recording.meeting ?? {}) as Node;
  const meta: Record<string, string> = {};
  for (const [key, value] of Object.entries((recording.meta ?? {}) as Node)) {
    const v = text(value);
    if (v !== undefined) meta[key] = v;
  }
  const playback = (Array.isArray(recording.playback) ? recording.playback[0] : recording.playback) as Node | undefined;
  const endMs = number(recording.end_time) ?? startMs;
  return {
    recordId,
    meetingId: text(meeting['@externalId']) ?? meta.meetingId,
    // Greenlight renames a recording through its `name` metadata.
    name: meta.name ?? text(meeting['@name']) ?? meta.meetingName ?? recordId,
    startMs,
    endMs,
    durationMs: number(playback?.duration) ?? Math.max(0, endMs - startMs),
    published: text(recording.published) !== 'false',
    meta,
  };
}

/**
 * The public chat of slides_new.xml: one `<chattimeline>` per message, `in` seconds after the
 * recording's start. Messages are HTML (BigBlueButton turns links into anchors): kept as text.
 */
export function parseChat(xml: string, startMs: number): ChatMessageView[] {
  const popcorn = (parser.parse(xml) as { popcorn?: Node }).popcorn;
  const lines = popcorn?.chattimeline;
  const list = (Array.isArray(lines) ? lines : lines ? [lines] : []) as Node[];
  return list
    .filter((line) => (text(line['@target']) ?? 'chat') === 'chat')
    .map((line, i) => {
      const name = text(line['@name']) ?? '';
      const at = number(line['@in']) ?? 0;
      return {
        id: `bbb-${i}`,
        from: { id: text(line['@senderId']) ?? `bbb:${name}`, name },
        text: (text(line['@message']) ?? '').replace(/<[^>]*>/g, ''),
        at: new Date(startMs + at * 1000).toISOString(),
      };
    });
}
