import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

// Safe webhook targets (issue 17.5): a URL whose host resolves to loopback, private, link-local,
// metadata or otherwise special addresses is refused, when the endpoint is saved and again at
// each send. The send connects to the address checked (pinnedLookup), never to a second answer
// of the resolver: a name that resolves to a public address for the check and to 127.0.0.1 for
// the connection (DNS rebinding) cannot get through. KEYWARD_WEBHOOKS_ALLOW_PRIVATE=true lifts
// the address check (tests, and receivers on a private network).

// Two lists: BlockList compares an IPv4 address with IPv6 rules as ::ffff:a.b.c.d, so one list
// with the ::ffff:0:0/96 rule would refuse every IPv4 address.
const BLOCKED_V4 = new BlockList();
const BLOCKED_V6 = new BlockList();
for (const [network, bits] of [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  BLOCKED_V4.addSubnet(network, bits, "ipv4");
}
for (const [network, bits] of [
  ["::", 128], // unspecified
  ["::1", 128],
  // IPv4-mapped, -translated (RFC 2765) and -compatible, NAT64, 6to4 and Teredo carry an IPv4
  // address the rules above would have to see through; refused whole, as receivers have a plain
  // address to use.
  ["::ffff:0:0", 96],
  ["::ffff:0:0:0", 96],
  ["::", 96],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["2002::", 16],
  ["2001::", 32],
  ["2001:10::", 28], // ORCHID (deprecated)
  ["2001:20::", 28], // ORCHIDv2
  ["2001:2::", 48], // benchmarking (RFC 5180)
  ["2001:db8::", 32], // documentation
  ["3fff::", 20], // documentation (RFC 9637)
  ["5f00::", 16], // segment routing SIDs (RFC 9602)
  ["100::", 64], // discard
  ["fc00::", 7], // unique local (fd00:ec2::254: a cloud metadata address)
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const) {
  BLOCKED_V6.addSubnet(network, bits, "ipv6");
}

/** Whether an address (as the resolver answers it) may be a webhook target. */
export function isPublicAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 0) return false;
  return version === 4 ? !BLOCKED_V4.check(address, "ipv4") : !BLOCKED_V6.check(address, "ipv6");
}

export interface ResolvedTarget {
  url: URL;
  /** The address to connect to: checked, and the only one used. */
  address: string;
  family: 4 | 6;
}

export class TargetError extends Error {
  override readonly name = "TargetError";
}

/** The URL's form alone: http(s), a host, no credentials. Throws TargetError. */
export function parseTargetUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetError("the URL is not valid");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TargetError("the URL must be http:// or https://");
  }
  if (url.username !== "" || url.password !== "") {
    throw new TargetError("the URL must not hold a user name or password");
  }
  if (url.hash !== "") throw new TargetError("the URL must not have a #fragment");
  return url;
}

/**
 * Resolves the URL's host once and checks every address it answers; throws TargetError naming
 * the reason. With `allowPrivate`, any address goes (the first one answered).
 */
export async function resolveTarget(text: string, allowPrivate: boolean): Promise<ResolvedTarget> {
  const url = parseTargetUrl(text);
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  let addresses: { address: string; family: number }[];
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new TargetError(`the host ${host} does not resolve`);
    }
  }
  if (addresses.length === 0) throw new TargetError(`the host ${host} does not resolve`);
  if (!allowPrivate) {
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) {
      throw new TargetError(
        `the host ${host} resolves to ${refused.address}, a loopback, private, link-local or ` +
          "reserved address (KEYWARD_WEBHOOKS_ALLOW_PRIVATE=true allows it)",
      );
    }
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | { address: string; family: number }[],
  family?: number,
) => void;

/** A `lookup` for http.request that answers the checked address and nothing else. */
export function pinnedLookup(target: ResolvedTarget) {
  return (_host: string, options: { all?: boolean }, callback: LookupCallback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}
