// The meetings' shared documents on the server, with an in-memory media driver and a real
// SQLite database: who receives changes, who may write, the flood limit, and the documents
// handed from one meeting of a room to the next.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as Y from 'yjs';
import pino from 'pino';
import type { MeetingRole, ServerMessage } from '@moot/protocol';
import { createUser } from '../accounts/accounts.ts';
import { FakeDriver } from '../media/fake-driver.ts';
import { Meetings } from '../meetings/meetings.ts';
import type { Principal } from '../policy/policy.ts';
import { createRoom, findRoom } from '../rooms/rooms.ts';
import { openDatabase } from '../store/db.ts';
import { Collab } from './collab.ts';
import { loadDocument } from './store.ts';

const log = pino({ level: 'silent' });
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

class Inbox {
  messages: ServerMessage[] = [];
  send = (m: ServerMessage) => void this.messages.push(m);
  of<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }
}

/** A change to the board: one item on the blank page. */
function stroke(doc: Y.Doc, color: string): string {
  const before = Y.encodeStateVector(doc);
  const item = new Y.Map<unknown>();
  doc.getArray('page:blank').push([item]);
  item.set('color', color);
  return base64(Y.encodeStateAsUpdate(doc, before));
}

test('changes reach those who opened the board, moderators may restrict it, floods are refused, and the next meeting reopens it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'moot-collab-test-'));
  const db = await openDatabase(join(dir, 'data'));
  const collab = new Collab(db, log);
  try {
    const owner = await createUser(db, { email: 'olga@example.test', name: 'Olga', role: 'member' });
    const { id: roomId } = await createRoom(db, owner.id, { name: 'Board room', guests: 'link' }, 10);
    const room = (await findRoom(db, roomId))!;
    const meetings = new Meetings(new FakeDriver(), { participantTimeoutSeconds: 30, chatHistory: 10, iceServers: [] }, log);
    const enter = async (name: string, role: MeetingRole) => {
      const link = new Inbox();
      const entered = await meetings.admit(room, { name, role, userId: role === 'guest' ? undefined : name, guestKey: `key-${name}`, kind: 'browser', audioMuted: true, videoMuted: true, link });
      assert.equal(entered.ok, true);
      const { meeting, participant } = entered as Extract<typeof entered, { ok: true }>;
      const principal: Principal = role === 'guest' ? { kind: 'anonymous' } : { kind: 'user', id: name, role: 'member' };
      return { meeting, participant, link, principal, say: (msg: Parameters<Collab['receive']>[3]) => collab.receive(meeting, participant, principal, msg) };
    };
    const sync = { type: 'collabSync', doc: 'board', stateVector: base64(Y.encodeStateVector(new Y.Doc())) } as const;

    const olga = await enter('Olga', 'moderator');
    const pia = await enter('Pia', 'participant');
    const gus = await enter('Gus', 'guest');
    assert.equal(await olga.say(sync), undefined);
    assert.equal(await pia.say(sync), undefined);
    assert.equal(pia.link.of('collabState')[0]?.access, 'everyone');

    const olgaDoc = new Y.Doc();
    assert.equal(await olga.say({ type: 'collabUpdate', doc: 'board', update: stroke(olgaDoc, '#d1242f') }), undefined);
    assert.equal(pia.link.of('collabUpdate').length, 1, 'the reader gets the change');
    assert.equal(gus.link.of('collabUpdate').length, 0, 'who never opened the board does not');
    assert.equal(olga.link.of('collabUpdate').length, 0, 'nor does the one who made it');

    await collab.setAccess(olga.meeting, olga.participant, 'board', 'moderators');
    assert.deepEqual(gus.link.of('collabAccess')[0], { type: 'collabAccess', doc: 'board', access: 'moderators', by: 'Olga' });
    const piaDoc = new Y.Doc();
    assert.deepEqual(await pia.say({ type: 'collabUpdate', doc: 'board', update: stroke(piaDoc, '#0969da') }), { code: 'collab-read-only' });
    // Made presenter, Pia's browser catches up (as it does whenever it may write again): what the
    // server lacks, the refused stroke too, goes in now.
    pia.participant.presenter = true;
    assert.equal(await pia.say({ type: 'collabUpdate', doc: 'board', update: stroke(piaDoc, '#1a7f37') }), undefined, 'presenters draw on a restricted board');
    assert.equal(await pia.say({ type: 'collabSync', doc: 'board', stateVector: base64(Y.encodeStateVector(piaDoc)) }), undefined);
    const serverState = Buffer.from(pia.link.of('collabState').at(-1)!.stateVector, 'base64');
    assert.equal(await pia.say({ type: 'collabUpdate', doc: 'board', update: base64(Y.encodeStateAsUpdate(piaDoc, serverState)) }), undefined);
    assert.deepEqual(await pia.say({ type: 'collabUpdate', doc: 'board', update: '/////wECAw==' }), { code: 'invalid-message', details: ['update: not a document update'] });

    const refusals = [];
    for (let i = 0; i < 80; i++) refusals.push(await gus.say({ type: 'collabCursor', doc: 'board', at: { page: 'blank', x: i, y: i } }));
    assert.ok(refusals.some((r) => r?.code === 'collab-too-fast'), 'a cursor flood is refused');
    assert.ok(refusals.slice(0, 40).every((r) => r === undefined), 'a burst is fine');

    await meetings.end(olga.meeting, 'ended-by-moderator', 'Olga');
    await collab.flush();
    const stored = await loadDocument(db, roomId, 'board');
    const reopened = new Y.Doc();
    Y.applyUpdate(reopened, stored!.state);
    // Strokes added at the same place by different people are ordered by their random Yjs client ids.
    assert.deepEqual(
      reopened.getArray<Y.Map<unknown>>('page:blank').toArray().map((m) => m.get('color')).sort(),
      ['#d1242f', '#0969da', '#1a7f37'].sort(),
      "the stored board has Olga's and the presenter's strokes",
    );

    // The room's next meeting: the same board, and everyone may draw again.
    const next = await enter('Pia', 'participant');
    assert.notEqual(next.meeting, olga.meeting);
    assert.equal(await next.say(sync), undefined);
    const state = next.link.of('collabState')[0]!;
    assert.equal(state.access, 'everyone');
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Buffer.from(state.update, 'base64'));
    assert.equal(fresh.getArray('page:blank').length, 3);
    assert.equal(await next.say({ type: 'collabUpdate', doc: 'board', update: stroke(fresh, '#8250df') }), undefined);
  } finally {
    await collab.flush();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
