import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { isInternalAddress } from '../http/client-address';

export class CallbackRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallbackRefusedError';
  }
}

/**
 * Resolves as usual, but refuses a name that resolves to loopback, private, link-local or any
 * other non-public address: checked on the address actually connected to, so a name that
 * changes its answer between a check and the connection (DNS rebinding) cannot slip through.
 */
const publicOnly: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const internal = addresses.find((a) => isInternalAddress(a.address));
    if (internal) {
      return callback(
        new CallbackRefusedError(`${hostname} resolves to a non-public address`),
        '',
        0,
      );
    }
    const [first] = addresses;
    if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
    return callback(null, first?.address ?? '', first?.family ?? 4);
  });
};

/**
 * POSTs an HR event to a callback URL; resolves with the status code. Redirects are not
 * followed (a 3xx is an answer like any other non-2xx), and unless `allowInternal`, no
 * non-public destination is reached. fetch() can do neither of the two, hence node:http.
 */
export function postCallback(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowInternal: boolean },
): Promise<number> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowInternal && ipaddr.isValid(host) && isInternalAddress(host)) {
    return Promise.reject(new CallbackRefusedError(`${host} is not a public address`));
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        timeout: options.timeoutMs,
        ...(options.allowInternal ? {} : { lookup: publicOnly }),
      },
      (res) => {
        res.resume(); // the body is not needed, but must be read for the socket to be reused
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
