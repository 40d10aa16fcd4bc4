import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failure, responseXml, success } from './xml.ts';

test('answers are BigBlueButton-shaped XML; text is escaped, lists repeat their element, empty lists stay', () => {
  const xml = responseXml(success({ meetingName: 'R&D <weekly>', running: true, participantCount: 2, attendees: { attendee: [{ fullName: 'Ann' }, { fullName: 'Bob' }] }, recordings: {} }));
  assert.equal(
    xml,
    '<?xml version="1.0" encoding="UTF-8"?><response><returncode>SUCCESS</returncode><meetingName>R&amp;D &lt;weekly&gt;</meetingName><running>true</running><participantCount>2</participantCount><attendees><attendee><fullName>Ann</fullName></attendee><attendee><fullName>Bob</fullName></attendee></attendees><recordings/></response>',
  );
  assert.equal(
    responseXml(failure('notFound', 'No such meeting')),
    '<?xml version="1.0" encoding="UTF-8"?><response><returncode>FAILED</returncode><messageKey>notFound</messageKey><message>No such meeting</message></response>',
  );
});
