import { useEffect, useRef, useState } from 'preact/hooks';
import { MAX_CHAT_LENGTH } from '@moot/protocol/plain';
import type { ChatMessageView } from '@moot/protocol';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });

export function Chat(props: { messages: ChatMessageView[]; selfId: string | null; onSend: (text: string) => boolean }) {
  const [text, setText] = useState('');
  const log = useRef<HTMLDivElement>(null);

  // Follow new messages, unless the person scrolled up to read older ones.
  useEffect(() => {
    const element = log.current;
    if (element && element.scrollHeight - element.scrollTop - element.clientHeight < 120) element.scrollTop = element.scrollHeight;
  }, [props.messages.length]);

  const submit = (event: Event) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (trimmed && props.onSend(trimmed)) setText('');
  };

  return (
    <div class="chat">
      <div class="chat-log" role="log" aria-label="Chat" ref={log}>
        {props.messages.length === 0 && <p class="muted empty">No messages yet.</p>}
        {props.messages.map((message) => (
          <article key={message.id} class={message.from.id === props.selfId ? 'message mine' : 'message'}>
            <header>
              <strong>{message.from.name}</strong> <time dateTime={message.at}>{clock.format(new Date(message.at))}</time>
            </header>
            <p>{message.text}</p>
          </article>
        ))}
      </div>
      <form class="chat-form" onSubmit={submit}>
        <input
          type="text"
          aria-label="Message"
          placeholder="Message"
          maxLength={MAX_CHAT_LENGTH}
          autocomplete="off"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" class="primary">
          Send
        </button>
      </form>
    </div>
  );
}
