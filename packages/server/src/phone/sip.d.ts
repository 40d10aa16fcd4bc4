// The parts of the `sip` package (a SIP stack with UDP, TCP and TLS transports and transactions) moot uses.
declare module 'sip' {
  export interface SipUri {
    schema?: string;
    user?: string;
    password?: string;
    host: string;
    port?: number;
    params: Record<string, string | null | undefined>;
    headers: Record<string, string>;
  }
  export interface NameAddr {
    name?: string;
    uri: string;
    params: Record<string, string | null | undefined>;
  }
  export interface Via {
    version: string;
    protocol: string;
    host: string;
    port?: number;
    params: Record<string, string | null | undefined>;
  }
  export interface SipHeaders {
    via?: Via[];
    from?: NameAddr;
    to?: NameAddr;
    'call-id'?: string;
    cseq?: { seq: number; method: string };
    contact?: NameAddr[];
    'record-route'?: NameAddr[];
    route?: NameAddr[];
    'content-type'?: string;
    'content-length'?: number;
    expires?: number | string;
    [name: string]: unknown;
  }
  export interface SipRequest {
    method: string;
    uri: string;
    version?: string;
    headers: SipHeaders;
    content?: string;
  }
  export interface SipResponse {
    status: number;
    reason: string;
    version?: string;
    headers: SipHeaders;
    content?: string;
  }
  export type SipMessage = SipRequest | SipResponse;
  export interface Remote {
    protocol: string;
    address: string;
    port: number;
  }
  export interface StackOptions {
    address?: string;
    port?: number;
    udp?: boolean;
    tcp?: boolean;
    tls?: { key: Buffer; cert: Buffer };
    tls_port?: number;
    publicAddress?: string;
    hostname?: string;
    logger?: { error?(e: unknown): void };
    maxBytesHeaders?: number;
    maxContentLength?: number;
  }
  export interface Stack {
    send(message: SipMessage, callback?: (response: SipResponse) => void): void;
    destroy(): void;
    /** A URI naming the connection a request came in on: as the first Route, the stack sends on that connection. */
    encodeFlowUri(flow: Remote): SipUri;
  }
  export function create(options: StackOptions, onRequest: (request: SipRequest, remote: Remote) => void): Stack;
  export function makeResponse(request: SipRequest, status: number, reason?: string): SipResponse;
  export function parseUri(uri: string): SipUri | undefined;
  export function stringifyUri(uri: SipUri): string;
  export function generateBranch(): string;
}

declare module 'sip/digest.js' {
  const digest: { signRequest: typeof signRequest };
  export default digest;
  import type { SipRequest, SipResponse } from 'sip';
  export function signRequest(session: object, request: SipRequest, response?: SipResponse, credentials?: { user: string; password: string }): SipRequest;
}
