import { LOGO_TYPES, type LogoType } from '@moot/protocol';

/** Each accepted type's first bytes: a logo must be what it says, not HTML or SVG relabelled. */
const signatures: Record<LogoType, (bytes: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

/** The image type the bytes are, among those logos may be; undefined for anything else. */
export function logoTypeOf(bytes: Buffer): LogoType | undefined {
  return LOGO_TYPES.find((type) => signatures[type](bytes));
}
