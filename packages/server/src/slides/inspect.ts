import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type UploadKind = 'pdf' | 'odp' | 'pptx';

const ZIP = Buffer.from('PK\x03\x04', 'latin1');
/** An OpenDocument file starts with its uncompressed `mimetype` entry. */
const ODP_MIMETYPE = Buffer.from('mimetypeapplication/vnd.oasis.opendocument.presentation', 'latin1');
/** Every PPTX package has its slides under `ppt/`, named in the zip's directory. */
const PPTX_PART = Buffer.from('ppt/presentation.xml', 'latin1');

/** What an upload is, by its bytes (never by its name or the type the browser claims). */
export function kindOf(bytes: Buffer): UploadKind | undefined {
  // The PDF header may follow a little junk (some generators write a BOM or a mail header).
  if (bytes.subarray(0, 1024).includes('%PDF-', 0, 'latin1')) return 'pdf';
  if (!bytes.subarray(0, 4).equals(ZIP)) return undefined;
  if (bytes.subarray(30, 30 + ODP_MIMETYPE.length).equals(ODP_MIMETYPE)) return 'odp';
  if (bytes.includes(PPTX_PART)) return 'pptx';
  return undefined;
}

/** The number of pages, or undefined when pdf.js cannot read the file. */
export async function countPages(bytes: Uint8Array): Promise<number | undefined> {
  // pdf.js takes the buffer over: give it a copy. No eval: a PDF's fonts must not run code here.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0, stopAtErrors: true });
  try {
    const document = await task.promise;
    return document.numPages > 0 ? document.numPages : undefined;
  } catch {
    return undefined;
  } finally {
    await task.destroy();
  }
}
