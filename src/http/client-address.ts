import ipaddr from 'ipaddr.js';

/**
 * The bucket a per-address limit counts in: an IPv4 address as it is, an IPv6 address by its
 * /64 (one home or host usually holds a whole /64, and can pick any address in it).
 */
export function addressBucket(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}

/** Loopback, private, link-local and every other non-public address (IPv4-mapped ones too). */
export function isInternalAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  return ipaddr.process(address).range() !== 'unicast';
}
