import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { convert } from 'xmlbuilder2';

/**
 * Clients of the BigBlueButton API as integrations sign their calls: JavaScript (%20, the order
 * given), Moodle's PHP (http_build_query: `+` for spaces) and Greenlight's Ruby gem (sorted
 * parameters, URI.encode_www_form_component). The PHP and Ruby ones run the real interpreters.
 */
export type Params = Record<string, string>;
export type Digest = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export const apiBase = (url: string) => `${url}/bigbluebutton/api`;

export function checksum(call: string, query: string, secret: string, digest: Digest = 'sha1'): string {
  return createHash(digest).update(call + query + secret).digest('hex');
}

export function jsQuery(params: Params): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

export function jsUrl(base: string, secret: string, call: string, params: Params = {}, digest: Digest = 'sha1'): string {
  const query = jsQuery(params);
  return `${apiBase(base)}/${call}?${query}${query ? '&' : ''}checksum=${checksum(call, query, secret, digest)}`;
}

const PHP_SIGNER = `
$in = json_decode(stream_get_contents(STDIN), true);
$query = http_build_query($in['params'], '', '&');
echo $in['base'] . '/' . $in['call'] . '?' . $query . '&checksum=' . sha1($in['call'] . $query . $in['secret']);
`;

/** Moodle's signing: PHP's http_build_query and sha1. */
export function phpUrl(base: string, secret: string, call: string, params: Params): string {
  return execFileSync('php', ['-r', PHP_SIGNER], { input: JSON.stringify({ base: apiBase(base), secret, call, params }) }).toString();
}

const RUBY_SIGNER = `
require 'json'; require 'uri'; require 'digest'
input = JSON.parse(STDIN.read)
query = input['params'].sort.map { |k, v| "#{k}=#{URI.encode_www_form_component(v)}" }.join('&')
print "#{input['base']}/#{input['call']}?#{query}&checksum=#{Digest::SHA256.hexdigest(input['call'] + query + input['secret'])}"
`;

/** The Ruby gem's signing, as Greenlight uses it: sorted parameters and sha256. */
export function rubyUrl(base: string, secret: string, call: string, params: Params): string {
  return execFileSync('ruby', ['-e', RUBY_SIGNER], { input: JSON.stringify({ base: apiBase(base), secret, call, params }) }).toString();
}

export interface BbbAnswer {
  status: number;
  location: string | null;
  /** The `<response>` element as an object (repeated elements as arrays only when repeated). */
  response: Record<string, any>;
  text: string;
}

export async function bbbCall(url: string, init: RequestInit = {}): Promise<BbbAnswer> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  const response = text.startsWith('<?xml') ? (decoded(convert(text, { format: 'object' })) as any).response ?? {} : {};
  return { status: res.status, location: res.headers.get('location'), response, text };
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** xmlbuilder2's object conversion leaves entities as written; the text they stand for. */
function decoded(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/&(amp|lt|gt|quot|apos);/g, (_m, name: string) => entities[name]!);
  if (Array.isArray(value)) return value.map(decoded);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decoded(v)]));
  return value;
}

/** A list element's entries (one child element comes back as an object, several as an array). */
export function listOf(value: unknown, name: string): Record<string, any>[] {
  if (!value || typeof value !== 'object') return [];
  const items = (value as Record<string, unknown>)[name];
  if (items === undefined) return [];
  return (Array.isArray(items) ? items : [items]) as Record<string, any>[];
}

/** The ticket of a join URL (`/r/<room>#ticket=<ticket>`). */
export function ticketOf(joinUrl: string): { roomId: string; ticket: string } {
  const url = new URL(joinUrl);
  return { roomId: url.pathname.split('/').pop()!, ticket: new URLSearchParams(url.hash.slice(1)).get('ticket')! };
}
