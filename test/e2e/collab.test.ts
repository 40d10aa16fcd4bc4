// The whiteboard and the shared notes in real Chromium pages over a real server: boards converge
// after concurrent strokes and an undo, a late joiner sees the board, notes typed by one person
// reach the other, the server refuses drawing when a moderator restricted it and a flood of
// changes, and the notes stay readable after the meeting for the room's owner only.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { NOTES_TEXT } from '../../packages/protocol/src/index.ts';
import { test } from '../helpers/diagnostics.ts';
import { memberInMeeting, participantId, type Participant } from '../helpers/browser.ts';
import { addRoom, addUser, signedIn, Sockets, type TestRoom, type TestUser } from '../helpers/fixtures.ts';
import { HttpClient } from '../helpers/http.ts';
import { chooseFromMore, endMeetingForAll } from '../helpers/meeting-ui.ts';
import type { Moot } from '../helpers/moot.ts';
import type { SignalingClient } from '../helpers/signaling.ts';
import { serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

let moot: Moot;
let owner: TestUser;
let member: TestUser;
let latecomer: TestUser;
let scripted: TestUser;
let room: TestRoom;
const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;
const sockets = new Sockets();
let alice: Participant;
let bob: Participant;
const notesText = 'Agenda: welcome, exercises, questions';

before(async () => {
  moot = await suite.start();
  owner = await addUser(moot, 'Alice Trainer');
  member = await addUser(moot, 'Bob Learner');
  latecomer = await addUser(moot, 'Carol Late');
  scripted = await addUser(moot, 'Dave Script');
  room = await addRoom(moot, owner, 'Training room');
});
after(() => sockets.closeAll());

const canvas = (page: Page) => page.getByRole('img', { name: 'Drawing area', exact: true });
const boardImage = (page: Page) => canvas(page).evaluate((element) => (element as HTMLCanvasElement).toDataURL('image/png'));
const drawings = async (page: Page) => Number(/(\d+)\s*$/.exec((await page.locator('#board-summary').textContent()) ?? '')?.[1] ?? -1);

async function openBoard(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Whiteboard', exact: true }).click();
  await canvas(page).waitFor();
  // Drawn once the server's state is here and the paper has its size.
  await waitFor(async () => ((await canvas(page).boundingBox())?.width ?? 0) > 100, { message: 'the board on screen' });
}

/** Drags from one point to another, given as fractions of the board. */
async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const box = (await canvas(page).boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 15 });
  await page.mouse.up();
}

/** Both pages show the same board with `count` drawings; returns that board's picture. */
async function sameBoard(pages: Page[], count: number): Promise<string> {
  let last: unknown;
  return waitFor(
    async () => {
      const images = await Promise.all(pages.map(boardImage));
      const counts = await Promise.all(pages.map(drawings));
      last = counts;
      return counts.every((c) => c === count) && images.every((image) => image === images[0]) && images[0];
    },
    { timeoutMs: 20_000, message: `the same board with ${count} drawings` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; drawings counted: ${JSON.stringify(last)}`);
  });
}

/** A protocol-level member in the meeting with the board or the notes open. */
async function scriptedMember(doc: 'board' | 'notes'): Promise<{ socket: SignalingClient; state: Extract<Awaited<ReturnType<SignalingClient['next']>>, { type: 'collabState' }> }> {
  const socket = await sockets.member(moot, scripted);
  await socket.join({ room: room.id });
  socket.send({ type: 'collabSync', doc, stateVector: Buffer.from(Y.encodeStateVector(new Y.Doc())).toString('base64') });
  const state = await socket.next('collabState', (m) => m.doc === doc);
  return { socket, state };
}

test('two boards converge after concurrent strokes and an undo, and a late joiner sees the same board', { timeout: 240_000 }, async () => {
  alice = await memberInMeeting(browsers, moot.url, owner, room.id, 'Alice (moderator)');
  bob = await memberInMeeting(browsers, moot.url, member, room.id, 'Bob (participant)');
  await participantId(alice.page, 'Bob Learner');
  await openBoard(alice.page);
  await openBoard(bob.page);

  // At the same time: Alice draws across the top, Bob across the bottom.
  await Promise.all([drag(alice.page, [0.1, 0.2], [0.6, 0.3]), drag(bob.page, [0.2, 0.8], [0.7, 0.6])]);
  const strokes = await sameBoard([alice.page, bob.page], 2);

  await alice.page.getByRole('button', { name: 'Rectangle', exact: true }).click();
  await drag(alice.page, [0.3, 0.4], [0.5, 0.55]);
  const withRectangle = await sameBoard([alice.page, bob.page], 3);
  assert.notEqual(withRectangle, strokes);

  // Alice's undo takes back her own last drawing, for everyone; Bob's stroke stays.
  await alice.page.getByRole('button', { name: 'Undo', exact: true }).click();
  const undone = await sameBoard([alice.page, bob.page], 2);
  assert.equal(undone, strokes, 'after the undo both boards show the two strokes again, pixel for pixel');
  assert.equal(await alice.page.getByRole('button', { name: 'Redo', exact: true }).isEnabled(), true);
  assert.equal(await bob.page.getByRole('button', { name: 'Redo', exact: true }).isEnabled(), false, "Bob's history holds nothing of Alice's");

  // The page as a picture and the board as a PDF, as the browser downloads them.
  const download = async (name: string) => {
    const [file] = await Promise.all([alice.page.waitForEvent('download'), alice.page.getByRole('button', { name, exact: true }).click()]);
    return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
  };
  const png = await download('Save as PNG');
  assert.equal(png.name, 'whiteboard.png');
  assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)], [1600, 900], 'the whole page at full size');
  const pdf = await download('Save as PDF');
  assert.equal(pdf.name, 'whiteboard.pdf');
  assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const document = await getDocument({ data: new Uint8Array(pdf.bytes), isEvalSupported: false }).promise;
  assert.equal(document.numPages, 1, 'one page: the only one drawn on');
  const { width, height } = (await document.getPage(1)).getViewport({ scale: 1 });
  assert.deepEqual([width, height], [1600, 900]);
  await document.destroy();

  const carol = await memberInMeeting(browsers, moot.url, latecomer, room.id, 'Carol (late)');
  await openBoard(carol.page);
  assert.equal(await sameBoard([alice.page, carol.page], 2), strokes, 'the late joiner sees the board as it is');
  await carol.close();
});

test('notes typed by one person appear at the other', { timeout: 120_000 }, async () => {
  const notes = (page: Page) => page.getByRole('textbox', { name: 'Notes', exact: true });
  await alice.page.getByRole('button', { name: 'Notes', exact: true }).click();
  await bob.page.getByRole('button', { name: 'Notes', exact: true }).click();
  await waitFor(async () => (await notes(alice.page).getAttribute('readonly')) === null, { message: "Alice's notes editable" });
  await notes(alice.page).click();
  await notes(alice.page).pressSequentially(notesText, { delay: 10 });
  await waitFor(async () => (await notes(bob.page).inputValue()) === notesText, { timeoutMs: 15_000, message: "Alice's notes at Bob's" });
  await notes(bob.page).press('Control+End');
  await notes(bob.page).pressSequentially(' (Bob: and lunch)', { delay: 10 });
  const both = `${notesText} (Bob: and lunch)`;
  await waitFor(async () => (await notes(alice.page).inputValue()) === both, { timeoutMs: 15_000, message: "Bob's addition at Alice's" }).catch(async (error: Error) => {
    throw new Error(`${error.message}; Alice reads ${JSON.stringify(await notes(alice.page).inputValue())}, Bob ${JSON.stringify(await notes(bob.page).inputValue())}`);
  });
});

test('a phone shows the board and the notes', { timeout: 120_000 }, async () => {
  const phone = await memberInMeeting(browsers, moot.url, latecomer, room.id, 'Carol (phone)', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await chooseFromMore(phone.page, 'Whiteboard');
  await canvas(phone.page).waitFor();
  await waitFor(async () => (await drawings(phone.page)) === 2, { message: 'the two strokes on the phone' });
  const box = (await canvas(phone.page).boundingBox())!;
  assert.ok(box.x >= 0 && box.x + box.width <= 390 + 1 && box.width > 300, `the board fits the phone's width (${JSON.stringify(box)})`);
  await phone.page.getByRole('region', { name: 'Whiteboard', exact: true }).getByRole('button', { name: 'Close', exact: true }).click();
  await canvas(phone.page).waitFor({ state: 'detached' });
  await chooseFromMore(phone.page, 'Notes');
  await waitFor(async () => (await phone.page.getByRole('textbox', { name: 'Notes', exact: true }).inputValue()).startsWith(notesText), { message: 'the notes on the phone' });
  await phone.close();
});

test('when a moderator restricts drawing, a participant cannot draw: the server refuses the change', { timeout: 120_000 }, async () => {
  await alice.page.getByLabel('Who may draw', { exact: true }).selectOption('moderators');
  await waitFor(() => bob.page.getByRole('button', { name: 'Pen', exact: true }).isDisabled(), { message: "Bob's pen turned off" });
  await bob.page.getByText('Only moderators and presenters may draw now.').waitFor();

  // A participant's own client could still send: the server is what refuses.
  const { socket, state } = await scriptedMember('board');
  assert.equal(state.access, 'moderators');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(state.update, 'base64'));
  const before = Y.encodeStateVector(doc);
  doc.getArray('page:blank').push([new Y.Map()]);
  socket.send({ type: 'collabUpdate', doc: 'board', update: Buffer.from(Y.encodeStateAsUpdate(doc, before)).toString('base64') });
  const refusal = await socket.nextError('collabUpdate');
  assert.equal(refusal.code, 'collab-read-only');
  assert.equal(await drawings(alice.page), 2, 'nothing reached the board');
  await socket.close();
});

test('a flood of changes from one person is refused with its own error', { timeout: 60_000 }, async () => {
  const { socket } = await scriptedMember('notes');
  const doc = new Y.Doc();
  const updates: string[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(Buffer.from(update).toString('base64')));
  // Changes beside the text, so the notes people read stay as they are.
  for (let i = 0; i < 100; i++) doc.getMap('scratch').set('n', i);
  for (const update of updates) socket.send({ type: 'collabUpdate', doc: 'notes', update });
  const refusal = await socket.nextError('collabUpdate');
  assert.equal(refusal.code, 'collab-too-fast');
  assert.match(refusal.message, /faster than the meeting can share/);
  await socket.close();
});

test('after the meeting the notes are readable by the room owner, not by another member or a guest, and the next meeting reopens them', { timeout: 120_000 }, async () => {
  const expected = `${notesText} (Bob: and lunch)`;
  await endMeetingForAll(alice.page);
  const ownerHttp = await signedIn(moot, owner);
  const path = `/api/rooms/${room.id}/notes`;
  const stored = await waitFor(
    async () => {
      const response = await ownerHttp.request('GET', path);
      return response.status === 200 && response.body.text === expected && response.body;
    },
    { timeoutMs: 15_000, message: 'the notes stored after the meeting' },
  );
  assert.equal(stored.roomName, 'Training room');
  assert.ok(stored.updatedAt);

  const memberAnswer = await (await signedIn(moot, member)).request('GET', path);
  assert.equal(memberAnswer.status, 403);
  assert.equal(memberAnswer.body.error.code, 'forbidden');
  const guestAnswer = await new HttpClient(moot.url).request('GET', path);
  assert.equal(guestAnswer.status, 401);
  assert.equal(guestAnswer.body.error.code, 'unauthenticated');

  const { state } = await scriptedMember('notes');
  const reopened = new Y.Doc();
  Y.applyUpdate(reopened, Buffer.from(state.update, 'base64'));
  assert.equal(reopened.getText(NOTES_TEXT).toString(), expected);
});
