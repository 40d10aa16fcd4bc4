import type { ServerMessage } from '@moot/protocol';
import type { MeetingSession } from '../meeting/session.ts';

/** After the stream broke off (the server restarted its part, the network dropped), wait this long. */
const RETRY_MS = 2000;

export type PlayerState = 'connecting' | 'playing' | 'blocked';

/**
 * Plays the meeting's mix in an <audio> element: asks the server for a stream address (good
 * once, for a minute), plays it, and asks for a new one whenever the stream ends or fails.
 */
export class StreamPlayer {
  private retry: ReturnType<typeof setTimeout> | undefined;
  private stopListening: () => void;
  private stopped = false;

  constructor(
    private audio: HTMLAudioElement,
    private session: MeetingSession,
    private onState: (state: PlayerState) => void,
  ) {
    this.stopListening = session.listen((message) => this.received(message));
    audio.addEventListener('playing', this.onPlaying);
    audio.addEventListener('ended', this.onBroken);
    audio.addEventListener('error', this.onBroken);
    this.ask();
  }

  /** The person pressed play after the browser refused to start sound on its own. */
  play(): void {
    void this.audio.play().catch(() => this.onState('blocked'));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.stopListening();
    this.audio.removeEventListener('playing', this.onPlaying);
    this.audio.removeEventListener('ended', this.onBroken);
    this.audio.removeEventListener('error', this.onBroken);
    this.audio.removeAttribute('src');
    this.audio.load();
  }

  private ask(): void {
    if (this.stopped) return;
    this.onState('connecting');
    // While the connection is down the request is lost: `joined` after the resume asks again.
    this.session.trySend({ type: 'listen' });
  }

  private received(message: ServerMessage): void {
    if (message.type === 'joined' && message.resumed && this.audio.paused) this.ask();
    if (message.type !== 'listenStream' || this.stopped) return;
    this.audio.src = message.path;
    this.play();
  }

  private onPlaying = () => this.onState('playing');

  private onBroken = () => {
    if (this.stopped) return;
    this.onState('connecting');
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.ask(), RETRY_MS);
  };
}
