import type { ErrorCode } from '@moot/protocol';
import { t } from './index.ts';

/** The sentence for a refusal, by its code: the server's own English text is for logs and tools. */
export function errorText(code: ErrorCode | 'network'): string {
  return t(`error.${code}`);
}
