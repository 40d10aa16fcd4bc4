/** The colour of page `n`'s band, each channel 0 to 1 (rounded as the PDF writes it). */
export function bandColour(n: number): number[] {
  return [(n * 0.37) % 1, (n * 0.61) % 1, (n * 0.83) % 1].map((v) => Number(v.toFixed(2)));
}

/**
 * A small, valid PDF made here for tests: `pages` pages, each with "Page N" in large type and a
 * band of colour that differs from page to page (so a test can tell rendered pages apart).
 */
export function testPdf(pages: number, { padding = 0 }: { padding?: number } = {}): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add('');
  const kids: string[] = [];
  for (let i = 1; i <= pages; i++) {
    const pageNumber = objects.length + 1;
    const [r, g, b] = bandColour(i).map((v) => v.toFixed(2));
    const content = `${r} ${g} ${b} rg 0 0 612 200 re f 0 0 0 rg BT /F1 72 Tf 150 450 Td (Page ${i}) Tj ET`;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${pageNumber + 1} 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>`);
    add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    kids.push(`${pageNumber} 0 R`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`;
  // A comment inflates the file without changing it, for size limits.
  let text = `%PDF-1.4\n%${'x'.repeat(padding)}\n`;
  const offsets = objects.map((body, i) => {
    const at = text.length;
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}
