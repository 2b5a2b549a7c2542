import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import ipaddr from 'ipaddr.js';

/** The most a fetched page or an uploaded file may weigh. */
export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;
const DOCUMENT_TYPES = 'text/html, application/xhtml+xml, application/pdf, text/plain, text/markdown;q=0.9, */*;q=0.1';
const TIMEOUT_MS = 20_000;
const MAX_REDIRECTS = 5;

/** A URL that was not fetched, or whose answer cannot be used; `status` is the HTTP status to answer with. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

/** What the server may fetch besides public addresses: host names, addresses and ranges (CIDR) the operator trusts. */
export interface AllowList {
  hosts: Set<string>;
  ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

/** Reads FETCH_ALLOW's entries ("127.0.0.1", "localhost", "10.0.0.0/8"); throws on an entry that is none of these. */
export function allowList(entries: string[]): AllowList {
  const list: AllowList = { hosts: new Set(), ranges: [] };
  for (const entry of entries.map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    const bare = entry.replace(/^\[(.*)\]$/, '$1');
    if (ipaddr.isValidCIDR(bare)) list.ranges.push(ipaddr.parseCIDR(bare));
    else if (ipaddr.isValid(bare)) {
      const address = ipaddr.process(bare);
      list.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(entry)) list.hosts.add(entry.replace(/\.$/, ''));
    else throw new Error(`FETCH_ALLOW: "${entry}" is not a host name, an IP address or a CIDR range`);
  }
  return list;
}

export interface FetchedSource {
  bytes: Uint8Array;
  contentType?: string;
  /** Where the bytes came from, after redirects. */
  url: string;
}

/**
 * Fetches a document for import. Only http(s); every address a host resolves to must be public
 * (or allowed), checked again at each redirect, and the connection goes to the address checked;
 * the whole exchange has a deadline and the body a size limit. Throws FetchError.
 */
export async function fetchSource(address: string, allow: AllowList, limits = { maxBytes: MAX_SOURCE_BYTES, timeoutMs: TIMEOUT_MS }, accept = DOCUMENT_TYPES): Promise<FetchedSource> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  let url = parseUrl(address);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const addresses = await vettedAddresses(url, allow);
    const response = await request(url, addresses, deadline, limits.timeoutMs, accept);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      url = parseUrl(response.headers.location, url);
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new FetchError(`${url.host} answered ${status} ${response.statusMessage ?? ''}`.trim(), 422);
    }
    const bytes = await readBody(response, url, limits.maxBytes, deadline, limits.timeoutMs);
    return { bytes, contentType: response.headers['content-type'], url: url.href };
  }
  throw new FetchError(`more than ${MAX_REDIRECTS} redirects from ${address}`, 422);
}

function parseUrl(address: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(address, base);
  } catch {
    throw new FetchError(`“${address}” is not a web address`, 400);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError(`only http and https addresses are fetched, not ${url.protocol.replace(/:$/, '')}`, 400);
  if (url.username || url.password) throw new FetchError('addresses with a user name or password are not fetched', 400);
  return url;
}

/** The host's addresses, each checked: any non-public one not on the allow-list refuses the URL. */
async function vettedAddresses(url: URL, allow: AllowList): Promise<{ address: string; family: number }[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await dns.lookup(host, { all: true, verbatim: true });
    } catch {
      throw new FetchError(`could not find the host ${host}`, 422);
    }
  }
  if (addresses.length === 0) throw new FetchError(`could not find the host ${host}`, 422);
  if (allow.hosts.has(host)) return addresses;
  for (const { address } of addresses) {
    const ip = ipaddr.process(address);
    // ipaddr.js calls the deprecated IPv4-compatible form (::127.0.0.1) unicast; some kernels still route it.
    const ipv4Compatible = ip.kind() === 'ipv6' && ip.match(ipaddr.parseCIDR('::/96'));
    const allowed = (ip.range() === 'unicast' && !ipv4Compatible) || allow.ranges.some((range) => range[0].kind() === ip.kind() && ip.match(range));
    if (!allowed) {
      const what = host === address ? address : `${host} (${address})`;
      throw new FetchError(`refused to fetch ${what}: it is a ${describeRange(ip.range())} address, and only public addresses are fetched (an operator can allow it with FETCH_ALLOW)`, 400);
    }
  }
  return addresses;
}

function describeRange(range: string): string {
  const names: Record<string, string> = { loopback: 'loopback', private: 'private', linkLocal: 'link-local', uniqueLocal: 'private', unspecified: 'unspecified', carrierGradeNat: 'shared (carrier-grade NAT)' };
  return names[range] ?? 'non-public';
}

function request(url: URL, addresses: { address: string; family: number }[], deadline: AbortSignal, timeoutMs: number, accept: string): Promise<http.IncomingMessage> {
  // The connection goes to the addresses just checked, not to a second lookup that could answer differently.
  const lookup: net.LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: 'GET',
      lookup,
      signal: deadline,
      agent: false,
      headers: {
        'user-agent': 'Crosswalk (bringing a policy text into a reading workspace)',
        accept,
        'accept-encoding': 'gzip, deflate, br',
      },
    });
    req.on('response', resolve);
    req.on('error', (error) => reject(networkError(deadline.aborted ? deadline.reason : error, url, timeoutMs)));
    req.end();
  });
}

async function readBody(response: http.IncomingMessage, url: URL, maxBytes: number, deadline: AbortSignal, timeoutMs: number): Promise<Uint8Array> {
  const tooLarge = () => new FetchError(`the document at ${url.host} is larger than ${maxBytes / 1024 / 1024} MB, the most that can be brought in`, 413);
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const body = decoded(response);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.length;
      // Counted after decompression, so a small compressed body cannot unpack into a huge one.
      if (total > maxBytes) {
        response.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw networkError(deadline.aborted ? deadline.reason : error, url, timeoutMs);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function decoded(response: http.IncomingMessage): Readable {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : null;
  if (!decoder) return response;
  response.on('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

function networkError(error: Error & { code?: string }, url: URL, timeoutMs: number): FetchError {
  if (error.name === 'AbortError' || error.name === 'TimeoutError' || error.code === 'ABORT_ERR') return new FetchError(`${url.host} did not answer within ${timeoutMs / 1000} seconds`, 422);
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'the connection was refused',
    ECONNRESET: 'the connection was reset',
    EHOSTUNREACH: 'the host is unreachable',
    ENETUNREACH: 'the network is unreachable',
    Z_DATA_ERROR: 'its compressed answer is damaged',
  };
  const reason = reasons[error.code ?? ''] ?? (error.code?.startsWith('ERR_TLS') || /certificate/i.test(error.message) ? 'its certificate is not valid' : error.message);
  return new FetchError(`could not fetch ${url.href}: ${reason}`, 422);
}
