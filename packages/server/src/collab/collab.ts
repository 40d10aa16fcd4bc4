import { COLLAB_DOCUMENTS, type CollabAccess, type CollabDocumentName, type ErrorCode, type ParsedClientMessage, type ServerMessage } from '@moot/protocol';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import type { Meeting } from '../meetings/meeting.ts';
import type { Participant } from '../meetings/participant.ts';
import { can, type Principal } from '../policy/policy.ts';
import { TokenBucket } from '../signaling/rate.ts';
import { LiveDocument } from './document.ts';
import { loadDocument, loadNotesText, saveDocument } from './store.ts';

export type CollabMessage = Extract<ParsedClientMessage, { type: 'collabSync' | 'collabUpdate' | 'collabCursor' }>;
export interface Refusal {
  code: ErrorCode;
  details?: string[];
}

/**
 * A pen stroke is a stream of small changes; browsers batch them (about ten a second), so this
 * leaves room for two open documents and catching up, and stops a script that floods everyone.
 */
const UPDATES_PER_SECOND = 20;
const UPDATE_BURST = 60;
const CURSORS_PER_SECOND = 20;
const CURSOR_BURST = 40;
/** While a meeting runs its documents are written at most this often: a crash loses little. */
const SAVE_EVERY_MS = 10_000;
/** How soon an ended meeting's documents are written and leave memory. */
const SWEEP_MS = 2_000;

interface RoomDocuments {
  roomId: string;
  /** The meeting they serve now; the next meeting of the room takes them over. */
  meeting: Meeting;
  docs: Record<CollabDocumentName, LiveDocument>;
  access: Record<CollabDocumentName, CollabAccess>;
  /** Who opened each document and gets its changes. */
  readers: Record<CollabDocumentName, Set<Participant>>;
  saveTimer: NodeJS.Timeout | undefined;
  saving: Promise<void>;
}

const everyone = (): Record<CollabDocumentName, CollabAccess> => ({ board: 'everyone', notes: 'everyone' });
const noReaders = (): Record<CollabDocumentName, Set<Participant>> => ({ board: new Set(), notes: new Set() });
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/**
 * The meetings' shared documents (whiteboard, notes): kept in memory as Yjs documents per room,
 * changed only by those allowed to, relayed to whoever opened them, and stored in the database
 * while the meeting runs and once it ends, so the room's next meeting reopens them.
 */
export class Collab {
  private rooms = new Map<string, Promise<RoomDocuments>>();
  private limits = new WeakMap<Participant, { updates: TokenBucket; cursors: TokenBucket }>();
  private sweeper: NodeJS.Timeout;

  constructor(
    private db: Db,
    private log: Logger,
  ) {
    this.sweeper = setInterval(() => void this.sweep().catch((err: Error) => this.log.error({ err: err.message }, 'could not store ended meetings’ documents')), SWEEP_MS);
    this.sweeper.unref();
  }

  async receive(meeting: Meeting, participant: Participant, principal: Principal, msg: CollabMessage): Promise<Refusal | undefined> {
    const limits = this.limitsOf(participant);
    if (msg.type === 'collabCursor') {
      if (!limits.cursors.take()) return { code: 'collab-too-fast' };
      const room = await this.room(meeting);
      this.relay(room, 'board', { type: 'collabCursor', doc: 'board', from: { id: participant.id, name: participant.name }, at: msg.at }, participant);
      return undefined;
    }
    if (!limits.updates.take()) return { code: 'collab-too-fast' };
    const room = await this.room(meeting);
    const live = room.docs[msg.doc];
    if (msg.type === 'collabSync') {
      let missing: Uint8Array;
      try {
        missing = live.diff(bytesOf(msg.stateVector));
      } catch {
        return { code: 'invalid-message', details: ['stateVector: not a document state vector'] };
      }
      room.readers[msg.doc].add(participant);
      participant.send({ type: 'collabState', doc: msg.doc, update: base64(missing), stateVector: base64(live.stateVector()), access: room.access[msg.doc] });
      return undefined;
    }
    if (!this.mayWrite(principal, participant, msg.doc, room.access[msg.doc])) return { code: 'collab-read-only' };
    const applied = live.apply(bytesOf(msg.update));
    if (!applied.ok) return applied.reason === 'full' ? { code: 'collab-document-full' } : { code: 'invalid-message', details: ['update: not a document update'] };
    this.relay(room, msg.doc, { type: 'collabUpdate', doc: msg.doc, update: msg.update }, participant);
    this.scheduleSave(room);
    return undefined;
  }

  /** A moderator's choice of who may change a document; everyone in the meeting is told. */
  async setAccess(meeting: Meeting, by: Participant, doc: CollabDocumentName, access: CollabAccess): Promise<void> {
    const room = await this.room(meeting);
    room.access[doc] = access;
    meeting.broadcast({ type: 'collabAccess', doc, access, by: by.name });
  }

  /** The room's notes as they read now: in memory while its meetings have them, else as last stored. */
  async notesText(roomId: string): Promise<string> {
    const room = await this.rooms.get(roomId)?.catch(() => undefined);
    return room ? room.docs.notes.text() : ((await loadNotesText(this.db, roomId))?.text ?? '');
  }

  /** Writes every changed document now (the server is stopping). */
  async flush(): Promise<void> {
    clearInterval(this.sweeper);
    const rooms = await Promise.allSettled([...this.rooms.values()]);
    await Promise.all(
      rooms.map(async (settled) => {
        if (settled.status !== 'fulfilled') return;
        clearTimeout(settled.value.saveTimer);
        await this.save(settled.value);
      }),
    );
  }

  private mayWrite(principal: Principal, participant: Participant, doc: CollabDocumentName, access: CollabAccess): boolean {
    const context = { meetingRole: participant.role, collabAccess: access, presenter: participant.presenter };
    return can(principal, doc === 'board' ? 'meeting.draw' : 'meeting.edit-notes', context);
  }

  private limitsOf(participant: Participant): { updates: TokenBucket; cursors: TokenBucket } {
    let limits = this.limits.get(participant);
    if (!limits) {
      limits = { updates: new TokenBucket(UPDATES_PER_SECOND, UPDATE_BURST), cursors: new TokenBucket(CURSORS_PER_SECOND, CURSOR_BURST) };
      this.limits.set(participant, limits);
    }
    return limits;
  }

  private relay(room: RoomDocuments, doc: CollabDocumentName, message: ServerMessage, from: Participant): void {
    const readers = room.readers[doc];
    for (const reader of readers) {
      if (room.meeting.roster.get(reader.id) !== reader) readers.delete(reader);
      else if (reader !== from) reader.send(message);
    }
  }

  /** The room's documents for this meeting: loaded once, handed on from the room's last meeting. */
  private async room(meeting: Meeting): Promise<RoomDocuments> {
    const { roomId } = meeting.options;
    let loading = this.rooms.get(roomId);
    if (!loading) {
      loading = this.load(meeting);
      this.rooms.set(roomId, loading);
      loading.catch(() => this.rooms.delete(roomId));
    }
    const room = await loading;
    if (room.meeting !== meeting) {
      room.meeting = meeting;
      room.access = everyone();
      room.readers = noReaders();
    }
    return room;
  }

  private async load(meeting: Meeting): Promise<RoomDocuments> {
    const { roomId } = meeting.options;
    const [board, notes] = await Promise.all(COLLAB_DOCUMENTS.map(async (name) => new LiveDocument(name, (await loadDocument(this.db, roomId, name))?.state)));
    return { roomId, meeting, docs: { board: board!, notes: notes! }, access: everyone(), readers: noReaders(), saveTimer: undefined, saving: Promise.resolve() };
  }

  private scheduleSave(room: RoomDocuments): void {
    room.saveTimer ??= setTimeout(() => void this.save(room), SAVE_EVERY_MS);
  }

  private save(room: RoomDocuments): Promise<void> {
    clearTimeout(room.saveTimer);
    room.saveTimer = undefined;
    room.saving = room.saving.then(async () => {
      for (const live of Object.values(room.docs)) {
        if (!live.dirty) continue;
        try {
          const { state, text } = live.snapshot();
          await saveDocument(this.db, room.roomId, live.name, state, text);
        } catch (err) {
          live.dirty = true;
          this.log.error({ err: (err as Error).message, room: room.roomId, doc: live.name }, 'could not store a shared document');
        }
      }
    });
    return room.saving;
  }

  /** Ended meetings: their documents are written and leave memory. */
  private async sweep(): Promise<void> {
    for (const [roomId, loading] of this.rooms) {
      const room = await loading.catch(() => undefined);
      if (!room?.meeting.ended) continue;
      await this.save(room);
      const stillDone = room.meeting.ended && Object.values(room.docs).every((live) => !live.dirty);
      if (stillDone && this.rooms.get(roomId) === loading) this.rooms.delete(roomId);
    }
  }
}
