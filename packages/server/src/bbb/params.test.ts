import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiFailure, CreateParams, JoinParams, metadataOf, parseParams } from './params.ts';

const failureOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiFailure) return err.messageKey;
    throw err;
  }
  return 'no failure';
};

test('parameters decode + and %20 alike; missing and malformed ones get BigBlueButton message keys', () => {
  assert.equal(parseParams(CreateParams, new URLSearchParams('meetingID=a+b&name=x%20y')).meetingID, 'a b');
  assert.equal(failureOf(() => parseParams(CreateParams, new URLSearchParams('name=x'))), 'missingParamMeetingID');
  assert.equal(failureOf(() => parseParams(CreateParams, new URLSearchParams('meetingID=a%0Ab'))), 'invalidMeetingIdentifier');
  assert.equal(failureOf(() => parseParams(CreateParams, new URLSearchParams('meetingID='))), 'invalidMeetingIdentifier');
  assert.equal(failureOf(() => parseParams(CreateParams, new URLSearchParams('meetingID=a&record=yes'))), 'invalidParam');
  assert.equal(failureOf(() => parseParams(JoinParams, new URLSearchParams('meetingID=a'))), 'missingParamFullName');
  assert.equal(parseParams(JoinParams, new URLSearchParams('meetingID=a&fullName=Ann&role=moderator')).role, 'MODERATOR');
});

test('meta_ parameters keep lowercased names that can be XML element names, and nothing else', () => {
  const meta = metadataOf(new URLSearchParams('meta_endCallbackUrl=http%3A%2F%2Fx&meta_bbb-recording-ready-url=y&meta_%40attr=z&meta_xmlns=w&meta_1x=v&other=u'));
  assert.deepEqual(meta, { endcallbackurl: 'http://x', 'bbb-recording-ready-url': 'y' });
});
