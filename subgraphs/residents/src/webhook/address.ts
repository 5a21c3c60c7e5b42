// Where a webhook may be delivered: public internet addresses only. A partner chooses the URL, so
// without this check a webhook aimed at 10.0.0.5, 169.254.169.254 (a cloud's metadata service) or a
// name that resolves to one would make this server call into the deployment's own network for
// them. Checked twice: an IP literal or `localhost` is refused when the webhook is registered, and
// every delivery connects only to an address checked as it is resolved (so a name that changes to
// a private address after registration is refused too). Redirects are never followed (delivery.ts).
import { type LookupAddress, lookup } from "node:dns";
import ipaddr from "ipaddr.js";
import { Agent } from "undici";

/** Why a resolved address may not be called, or null when it may (a public unicast address). */
export function addressProblem(address: string, allowLoopback: boolean): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 (::ffff:10.0.0.1) as the IPv4 it is
  const range = parsed.range();
  if (range === "unicast" || (allowLoopback && range === "loopback")) return null;
  return `${parsed.toString()} is not a public address (${range})`;
}

/** The host of a URL as an IP address when it is one ([::1] without brackets), else null. */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.replace(/^\[(.*)\]$/, "$1");
  return ipaddr.isValid(bare) ? bare : null;
}

const LOCAL_NAME = /(^|\.)localhost\.?$/i;

/** Why a webhook's host is refused at registration, or null: IP literals must be public, no localhost. */
export function hostProblem(hostname: string, allowLoopback: boolean): string | null {
  const literal = ipLiteral(hostname);
  if (literal) return addressProblem(literal, allowLoopback);
  return LOCAL_NAME.test(hostname) ? `${hostname} is this machine, not a public address` : null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The connections of webhook deliveries: every name is resolved here and refused unless each of its
 * addresses is public, and the connection goes to an address so checked (no second lookup between
 * the check and the connection).
 */
export function publicAddressesOnly(allowLoopback: boolean): Agent {
  return new Agent({
    connect: {
      lookup: (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
        lookup(hostname, { ...options, all: true }, (error, addresses) => {
          if (error) return callback(error, []);
          const problem = addresses.map((found) => addressProblem(found.address, allowLoopback)).find(Boolean);
          if (problem) {
            return callback(Object.assign(new Error(`refused: ${hostname} resolves to ${problem}`), { code: "EREFUSED" }), []);
          }
          if (options.all) return callback(null, addresses);
          callback(null, addresses[0]!.address, addresses[0]!.family);
        });
      },
    },
  });
}
