// A phone-sized page (390×844, touch): it joins, shows the other person's video, keeps its
// controls on screen and large enough to tap, and never scrolls sideways.
import assert from 'node:assert/strict';
import { test } from '../helpers/diagnostics.ts';
import { memberInMeeting, participantId, waitForMediaFrom } from '../helpers/browser.ts';
import { castOf, serverWithBrowsers } from '../helpers/suite.ts';
import { waitFor } from '../helpers/wait.ts';

const suite = serverWithBrowsers({ guests: false });
const { browsers } = suite;
const cast = castOf(suite, { alice: 'Alice Desk', bob: 'Bob Phone' }, { name: 'Phone check', owner: 'alice' });

test('a join on a 390×844 touch screen sees video, has tappable controls and no sideways scroll', { timeout: 240_000 }, async () => {
  const desk = await memberInMeeting(browsers, cast.moot.url, cast.alice, cast.room.id, 'Alice (desktop)');
  const phone = await memberInMeeting(browsers, cast.moot.url, cast.bob, cast.room.id, 'Bob (phone)', {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 3,
  });

  const aliceId = await participantId(desk.page, 'Alice Desk');
  const bobId = await participantId(desk.page, 'Bob Phone');
  const video = await waitForMediaFrom(phone.page, aliceId, 'video');
  assert.ok(video.framesDecoded > 0);
  await waitForMediaFrom(desk.page, bobId, 'video');

  const remoteVideo = phone.page.locator(`video[data-participant-id="${aliceId}"]`).first();
  const videoBox = await remoteVideo.boundingBox();
  assert.ok(videoBox && videoBox.width > 100 && videoBox.height > 50, `the remote video is on screen: ${JSON.stringify(videoBox)}`);
  assert.ok(videoBox.x >= 0 && videoBox.x + videoBox.width <= 390 + 0.5, `the video fits the width: ${JSON.stringify(videoBox)}`);

  for (const name of ['Mute microphone', 'Stop camera', 'Leave', 'Chat', 'Participants']) {
    const button = phone.page.getByRole('button', { name, exact: true });
    await button.waitFor({ state: 'visible' });
    const box = await button.boundingBox();
    assert.ok(box, `"${name}" has a box`);
    assert.ok(box.height >= 44, `"${name}" is at least 44 px tall (${box.height})`);
    assert.ok(box.width >= 44, `"${name}" is at least 44 px wide (${box.width})`);
    assert.ok(box.x >= 0 && box.x + box.width <= 390 + 0.5, `"${name}" is inside the width: ${JSON.stringify(box)}`);
    assert.ok(box.y >= 0 && box.y + box.height <= 844 + 0.5, `"${name}" is inside the height: ${JSON.stringify(box)}`);
  }
  const noSidewaysScroll = () =>
    phone.page.evaluate(() => ({
      doc: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      inner: window.innerWidth,
    }));
  let widths = await noSidewaysScroll();
  assert.ok(widths.doc <= widths.inner && widths.body <= widths.inner, `no horizontal scroll: ${JSON.stringify(widths)}`);

  // Chat and participants open from their buttons.
  await phone.page.getByRole('button', { name: 'Participants', exact: true }).tap();
  await phone.page.locator(`ul[aria-label="Participants"] > li[data-participant-id="${aliceId}"]`).waitFor({ state: 'visible' });
  await phone.page.getByRole('button', { name: 'Chat', exact: true }).tap();
  const message = phone.page.getByRole('textbox', { name: 'Message' });
  await message.waitFor({ state: 'visible' });
  await message.fill('sent from a phone');
  await phone.page.getByRole('button', { name: 'Send' }).tap();
  await waitFor(async () => ((await desk.page.getByRole('log', { name: 'Chat' }).textContent()) ?? '').includes('sent from a phone'), {
    message: 'the phone’s chat message on the desktop',
  });
  widths = await noSidewaysScroll();
  assert.ok(widths.doc <= widths.inner && widths.body <= widths.inner, `no horizontal scroll with chat open: ${JSON.stringify(widths)}`);
});
