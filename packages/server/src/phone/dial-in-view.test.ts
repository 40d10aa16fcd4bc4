import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigSchema } from '../config.ts';
import { dialInView } from './dial-in-view.ts';
import { callerName } from './phone-call.ts';

const sip = (values: Record<string, unknown>) => ConfigSchema.parse({ sip: values }).sip;

test('dial-in shows only while moot listens for calls, with the address callers reach', () => {
  assert.equal(dialInView(sip({}), '123456789'), undefined);
  assert.deepEqual(dialInView(sip({ listen: '192.0.2.5:5060' }), '123456789'), { pin: '123456789', sipUri: 'sip:moot@192.0.2.5' });
  assert.deepEqual(dialInView(sip({ listen: '0.0.0.0:5080', publicAddress: 'meet.example.org', number: '+1 555 0100' }), '1'), {
    pin: '1',
    sipUri: 'sip:moot@meet.example.org:5080',
    number: '+1 555 0100',
  });
  assert.equal(dialInView(sip({ listen: '0.0.0.0:5060' }), '1'), undefined, 'no public address, nothing to tell callers');
});

test('callers are named by the last four digits of their number only', () => {
  assert.equal(callerName('+4930123456'), 'Phone …3456');
  assert.equal(callerName(undefined), 'Phone caller');
});
