import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { MAX_CHAT_LENGTH } from '@moot/protocol/plain';
import type { ChatMessageView } from '@moot/protocol';
import { t } from '../i18n/index.ts';
import { formatClock } from '../ui/time.tsx';
import { chatPieces } from './chat-text.ts';

/** How close to the end still counts as "at the end": a little scrolling must not stop following. */
const END_SLACK_PX = 48;

interface ChatProps {
  messages: ChatMessageView[];
  selfId: string | null;
  onSend: (text: string) => boolean;
  /** Called whenever the messages are on screen: they count as read. */
  onSeen: () => void;
}

export function Chat(props: ChatProps) {
  const [text, setText] = useState('');
  const log = useRef<HTMLDivElement>(null);
  // Whether the log was at its end before the latest message: decided before it grew, since a
  // tall message would otherwise look like the person had scrolled up.
  const following = useRef(true);
  const shown = () => (log.current?.clientHeight ?? 0) > 0;

  const toEnd = () => {
    const element = log.current;
    if (element) element.scrollTop = element.scrollHeight;
  };

  const last = props.messages[props.messages.length - 1];
  useLayoutEffect(() => {
    if (following.current || last?.from.id === props.selfId) toEnd();
    if (shown()) props.onSeen();
  }, [props.messages.length]);

  // On phones the log is hidden until the panel opens: go to the end (and count it read) then.
  useEffect(() => {
    const element = log.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      if (following.current) toEnd();
      if (shown()) props.onSeen();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const element = log.current;
    if (element && shown()) following.current = element.scrollHeight - element.scrollTop - element.clientHeight < END_SLACK_PX;
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed || !props.onSend(trimmed)) return;
    setText('');
    following.current = true;
  };

  return (
    <div class="chat">
      <div class="chat-log" role="log" aria-label={t('chat.log')} ref={log} onScroll={onScroll}>
        {props.messages.length === 0 && <p class="muted empty">{t('chat.empty')}</p>}
        {props.messages.map((message) => (
          <article key={message.id} class={message.from.id === props.selfId ? 'message mine' : 'message'}>
            <header>
              <strong>{message.from.name}</strong> <time dateTime={message.at}>{formatClock(message.at)}</time>
            </header>
            <p>
              {chatPieces(message.text).map((piece, index) =>
                'href' in piece ? (
                  <a key={index} href={piece.href} target="_blank" rel="noopener noreferrer">
                    {piece.text}
                  </a>
                ) : (
                  piece.text
                ),
              )}
            </p>
          </article>
        ))}
      </div>
      <form class="chat-form" onSubmit={submit}>
        <input
          id="chat-message"
          type="text"
          aria-label={t('chat.message')}
          placeholder={t('chat.message')}
          maxLength={MAX_CHAT_LENGTH}
          autocomplete="off"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" class="primary">
          {t('chat.send')}
        </button>
      </form>
    </div>
  );
}
