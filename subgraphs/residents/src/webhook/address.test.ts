import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fetch } from "undici";
import { describe, expect, it } from "vitest";
import { addressProblem, hostProblem, publicAddressesOnly } from "./address";

describe("webhook addresses", () => {
  it.each([
    "10.0.0.5",
    "172.16.3.4",
    "192.168.1.1",
    "127.0.0.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "fc00::1",
    "fe80::1",
    "::ffff:10.0.0.1",
    "::",
  ])("refuses %s, which is not on the public internet", (address) => {
    expect(addressProblem(address, false)).toMatch(/is not a public address/);
  });

  it.each(["8.8.8.8", "203.0.114.1", "2001:4860:4860::8888"])("allows the public address %s", (address) => {
    expect(addressProblem(address, false)).toBeNull();
  });

  it("allows the loopback only where local testing is allowed, and never a private network", () => {
    expect(addressProblem("127.0.0.1", true)).toBeNull();
    expect(addressProblem("10.0.0.5", true)).not.toBeNull();
  });

  it("refuses at registration a host that is a private IP literal or this machine's name", () => {
    expect(hostProblem("[::1]", false)).not.toBeNull();
    expect(hostProblem("169.254.169.254", false)).not.toBeNull();
    expect(hostProblem("localhost", true)).not.toBeNull();
    expect(hostProblem("api.localhost", false)).not.toBeNull();
    expect(hostProblem("partner.example.org", false)).toBeNull();
  });

  it("never connects to a name that resolves to a private address", async () => {
    let reached = 0;
    const server = createServer((_request, response) => {
      reached++;
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const guarded = publicAddressesOnly(false);
    try {
      const refused = await fetch(`http://localhost:${port}/`, { dispatcher: guarded }).catch((error: Error) => error);
      expect(refused).toBeInstanceOf(Error);
      expect(String((refused as Error).cause)).toMatch(/localhost resolves to .* is not a public address/);
      expect(reached).toBe(0);
      // The same server, where the loopback is allowed: the guard was the only thing in the way.
      const allowed = await fetch(`http://localhost:${port}/`, { dispatcher: publicAddressesOnly(true) });
      expect(allowed.status).toBe(200);
      expect(reached).toBe(1);
    } finally {
      await guarded.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
