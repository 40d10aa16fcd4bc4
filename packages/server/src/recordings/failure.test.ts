import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProcessingError, readableReason, reasons } from './failure.ts';
import { ToolError } from './tools.ts';

test('a failure is told in plain words, never as the raw error text', () => {
  assert.equal(readableReason(new SyntaxError('Unexpected end of JSON input')), reasons.unknown);
  assert.equal(readableReason(new ToolError('ffmpeg', false, 'ffmpeg exited with 1: Invalid data found when processing input')), reasons.unknown);
  assert.equal(readableReason(new ToolError('ffmpeg', true, 'ffmpeg could not run: spawn ffmpeg ENOENT')), reasons.toolMissing);
  assert.equal(readableReason(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })), reasons.diskFull);
  assert.equal(readableReason(new ProcessingError(reasons.rawGone)), reasons.rawGone);
  assert.equal(readableReason('a string thrown by a library'), reasons.unknown);
});
