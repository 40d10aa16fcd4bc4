import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countPages, kindOf } from './inspect.ts';
import { testPdf } from './pdf.fixture.ts';

test('a PDF is known by its header, an ODP by its mimetype entry, a PPTX by its parts; anything else is not a presentation', () => {
  assert.equal(kindOf(testPdf(1)), 'pdf');
  const odp = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('mimetypeapplication/vnd.oasis.opendocument.presentation', 'latin1')]);
  assert.equal(kindOf(odp), 'odp');
  const pptx = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100), Buffer.from('ppt/presentation.xml', 'latin1')]);
  assert.equal(kindOf(pptx), 'pptx');
  const docx = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100), Buffer.from('word/document.xml', 'latin1')]);
  assert.equal(kindOf(docx), undefined);
  assert.equal(kindOf(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1')), undefined);
  assert.equal(kindOf(Buffer.alloc(0)), undefined);
});

test('pages are counted by reading the PDF; a damaged one counts as unreadable', async () => {
  assert.equal(await countPages(testPdf(1)), 1);
  assert.equal(await countPages(testPdf(7)), 7);
  assert.equal(await countPages(Buffer.from('%PDF-1.4\nthis is not a document\n%%EOF\n', 'latin1')), undefined);
  const cut = testPdf(3);
  assert.equal(await countPages(cut.subarray(0, cut.length / 3)), undefined);
});
