import type { ChatMessageView, ParticipantView } from '@moot/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';

/** The last few sentences stay in the region: screen readers read what is added, not the rest. */
const KEPT = 5;

interface Moment {
  selfId: string | null;
  people: ParticipantView[];
  chat: ChatMessageView[];
}

/** What happened between two looks at the meeting, as sentences a screen reader can say. */
export function happenings(before: Moment, after: Moment, chatOnScreen: boolean): string[] {
  const said: string[] = [];
  const earlier = new Map(before.people.map((p) => [p.id, p]));
  const now = new Set(after.people.map((p) => p.id));
  for (const person of after.people) {
    const was = earlier.get(person.id);
    const self = person.id === after.selfId;
    if (!was) {
      if (!self) said.push(t('announce.joined', { name: person.name }));
      continue;
    }
    if (!was.handRaisedAt !== !person.handRaisedAt) said.push(t(person.handRaisedAt ? 'announce.handRaised' : 'announce.handLowered', { name: person.name }));
    if (was.audioMuted !== person.audioMuted) {
      if (self) said.push(t(person.audioMuted ? 'announce.selfMuted' : 'announce.selfUnmuted'));
      else said.push(t(person.audioMuted ? 'announce.muted' : 'announce.unmuted', { name: person.name }));
    }
  }
  for (const person of before.people) if (!now.has(person.id) && person.id !== before.selfId) said.push(t('announce.left', { name: person.name }));
  // A chat panel on screen is a log of its own that screen readers follow already.
  if (!chatOnScreen) {
    const seen = new Set(before.chat.map((m) => m.id));
    for (const message of after.chat) if (!seen.has(message.id) && message.from.id !== after.selfId) said.push(t('announce.chat', { name: message.from.name, text: message.text }));
  }
  return said;
}

function chatOnScreen(): boolean {
  const log = document.querySelector<HTMLElement>('.chat-log');
  return log !== null && log.offsetParent !== null;
}

/**
 * A region screen readers follow without moving the focus: joins, leaves, raised hands, mute
 * changes and new chat messages. The roster the meeting starts with is not read out.
 */
export function Announcements(props: Moment) {
  const { selfId, people, chat } = props;
  const last = useRef<Moment | null>(null);
  const [lines, setLines] = useState<{ id: number; text: string }[]>([]);
  const counter = useRef(0);

  useEffect(() => {
    const moment = { selfId, people, chat };
    const before = last.current;
    last.current = selfId ? moment : null;
    if (!before || !selfId || before.selfId !== selfId) return;
    const said = happenings(before, moment, chatOnScreen());
    if (said.length) setLines((old) => [...old, ...said.map((text) => ({ id: ++counter.current, text }))].slice(-KEPT));
  }, [selfId, people, chat]);

  return (
    <div class="visually-hidden" role="log" aria-live="polite" aria-label={t('announce.region')}>
      {lines.map((line) => (
        <p key={line.id}>{line.text}</p>
      ))}
    </div>
  );
}
