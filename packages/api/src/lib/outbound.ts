import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Outbound requests to URLs that users or integrators choose (webhooks). The policy is applied to the address
 * actually connected to: the host name is resolved once per attempt, every address it resolves to is classified
 * (ipaddr.js), and the connection is pinned to the checked address, so a DNS answer that changes between the check
 * and the connection (rebinding) cannot reach an internal address. Redirects are never followed.
 */

/** A resolved address. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (the system resolver by default; tests inject their own). */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundPolicy {
  /** Development only (WEBHOOK_ALLOW_PRIVATE): every address may be reached. */
  allowPrivate: boolean;
  resolve?: Resolve;
  /**
   * Tests only: where a checked address is actually dialled (a stand-in for the internet, e.g. a public address
   * served by a local receiver). Applied after the policy has accepted the address.
   */
  route?: (address: string) => string;
}

/** A target the policy refuses; `reason` says which address and why, for the delivery log. */
export class OutboundRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'OutboundRefused';
  }
}

const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 })));
    });
  });

/**
 * Why an address may not be reached (ipaddr.js's range name: loopback, private, linkLocal, carrierGradeNat,
 * uniqueLocal, multicast, broadcast, unspecified, reserved, ...), or null for a public unicast address. IPv4-mapped
 * IPv6 is judged by its IPv4 address; every other IPv6 form that embeds IPv4 (IPv4-compatible, 6to4, Teredo, NAT64)
 * is refused outright.
 */
export function refusedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  if (range !== 'unicast') return range;
  // IPv4-compatible IPv6 (::a.b.c.d, deprecated) is "unicast" to ipaddr.js: its first 96 bits are zero.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) {
    return 'ipv4Compatible';
  }
  return null;
}

/** Host names that are local by definition (RFC 6761), whatever a resolver says. */
const isLocalName = (hostname: string) => /(^|\.)localhost\.?$/i.test(hostname);

/** The URL's host without IPv6 brackets; the WHATWG parser has already turned decimal and hex IPv4 forms into dotted quads. */
const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/**
 * The address to connect to for `url`: an IP literal itself, or the first address of a name, after checking every
 * address the name resolves to. Throws OutboundRefused when the policy refuses it or the name does not resolve.
 */
export async function resolveTarget(url: URL, policy: OutboundPolicy): Promise<ResolvedAddress> {
  const host = hostOf(url);
  const literal = isIP(host);
  if (!policy.allowPrivate && isLocalName(host)) throw new OutboundRefused(`${host} is a local name`);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(host);
    } catch (error) {
      throw new OutboundRefused(`${host} does not resolve (${(error as { code?: string }).code ?? 'DNS error'})`);
    }
    if (addresses.length === 0) throw new OutboundRefused(`${host} does not resolve`);
  }
  if (!policy.allowPrivate) {
    for (const { address } of addresses) {
      const range = refusedRange(address);
      if (range) {
        throw new OutboundRefused(
          literal ? `${address} is a ${range} address` : `${host} resolves to ${address}, a ${range} address`,
        );
      }
    }
  }
  return addresses[0]!;
}

/** Checks a URL when it is registered: the same policy as at connection time, on what the name resolves to now. */
export async function checkOutboundUrl(url: URL, policy: OutboundPolicy): Promise<void> {
  try {
    await resolveTarget(url, policy);
  } catch (error) {
    // A name that does not resolve yet may be fine by delivery time; every attempt is checked again.
    if (error instanceof OutboundRefused && /does not resolve/.test(error.reason)) return;
    throw error;
  }
}

export interface OutboundResponse {
  status: number;
  /** The start of the answer's body (at most `maxBodyChars`). */
  body: string;
}

export interface OutboundRequest {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  maxBodyChars?: number;
}

/**
 * Sends one request to `url` under the policy: resolved and checked now, connected to the checked address only
 * (TLS still verifies the certificate for the host name), no redirects followed, bounded in time and answer size.
 */
export async function outboundRequest(
  rawUrl: string,
  request: OutboundRequest,
  policy: OutboundPolicy,
): Promise<OutboundResponse> {
  const url = new URL(rawUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefused('only http and https');
  const target = await resolveTarget(url, policy);
  const address = policy.route ? policy.route(target.address) : target.address;
  const family = isIP(address) === 6 ? 6 : 4;
  // The connection goes to the checked address and nowhere else, whatever the name resolves to by then.
  const pinned = (
    _hostname: string,
    options: { all?: boolean },
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => (options.all ? callback(null, [{ address, family }]) : callback(null, address, family));
  const maxChars = request.maxBodyChars ?? 1000;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: request.method,
        headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body).toString() },
        agent: false,
        // Node skips `lookup` for IP literals: those connect to the very address checked above.
        lookup: pinned as never,
        signal: AbortSignal.timeout(request.timeoutMs),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.length >= maxChars) res.destroy();
        });
        const done = () => resolve({ status: res.statusCode ?? 0, body: body.slice(0, maxChars) });
        res.on('end', done);
        res.on('close', done);
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}
