import { test as nodeTest, type TestContext, type TestOptions } from 'node:test';

/**
 * Things worth printing when a test fails: server output, browser consoles. Each source is a
 * function returning text; it is asked only on failure.
 */
const sources = new Map<number, { label: string; read: () => string }>();
let nextId = 1;

export function registerDiagnostics(label: string, read: () => string): () => void {
  const id = nextId++;
  sources.set(id, { label, read });
  return () => void sources.delete(id);
}

export function printDiagnostics(testName: string): void {
  const parts: string[] = [`\n===== diagnostics for failed test: ${testName} =====`];
  for (const { label, read } of sources.values()) {
    let text: string;
    try {
      text = read();
    } catch (error) {
      text = `(could not read: ${String(error)})`;
    }
    parts.push(`----- ${label} -----\n${text.trimEnd() || '(empty)'}`);
  }
  parts.push('===== end of diagnostics =====\n');
  process.stderr.write(parts.join('\n') + '\n');
}

/** node:test's `test`, printing the registered diagnostics when the body throws. */
export function test(name: string, fn: (t: TestContext) => Promise<void>): Promise<void>;
export function test(name: string, options: TestOptions, fn: (t: TestContext) => Promise<void>): Promise<void>;
export function test(
  name: string,
  a: TestOptions | ((t: TestContext) => Promise<void>),
  b?: (t: TestContext) => Promise<void>,
): Promise<void> {
  const options = typeof a === 'function' ? {} : a;
  const fn = typeof a === 'function' ? a : b!;
  return nodeTest(name, options, async (t) => {
    try {
      await fn(t);
    } catch (error) {
      printDiagnostics(name);
      throw error;
    }
  });
}

/** Keeps the last `limit` characters of a stream of output. */
export class OutputBuffer {
  private chunks: string[] = [];
  private size = 0;
  constructor(private readonly limit = 400_000) {}
  push(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    while (this.size > this.limit && this.chunks.length > 1) this.size -= this.chunks.shift()!.length;
  }
  text(tailChars = 60_000): string {
    const all = this.chunks.join('');
    return all.length > tailChars ? `…(${all.length - tailChars} characters cut)…\n${all.slice(-tailChars)}` : all;
  }
}
