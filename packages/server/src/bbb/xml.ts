import { create } from 'xmlbuilder2';

/** An element's content: text, nested elements, or a list repeated under the same name. */
export type XmlValue = string | number | boolean | XmlObject | XmlObject[];
export interface XmlObject {
  [name: string]: XmlValue;
}

/** A BigBlueButton answer: `<response>` with the given elements, in order. */
export function responseXml(body: XmlObject): string {
  return create({ version: '1.0', encoding: 'UTF-8' }, { response: asText(body) }).end();
}

type Converted = string | { [name: string]: Converted } | Converted[];

/** Numbers and booleans as BigBlueButton writes them (`true`, `0`). */
function asText(value: XmlValue): Converted {
  if (Array.isArray(value)) return value.map(asText);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asText(v)]));
  return String(value);
}

export const success = (body: XmlObject = {}): XmlObject => ({ returncode: 'SUCCESS', ...body });

export const failure = (messageKey: string, message: string): XmlObject => ({ returncode: 'FAILED', messageKey, message });
