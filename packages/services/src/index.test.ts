import { describe, expect, it } from "vitest";
import { listenHost, reachableHost, subgraphUrl } from "./index";

describe("HOST", () => {
  it("is where every process listens, 127.0.0.1 unless set", () => {
    expect(listenHost({})).toBe("127.0.0.1");
    expect(listenHost({ HOST: "0.0.0.0" })).toBe("0.0.0.0");
  });

  it("is where the others reach a subgraph, unless it means every interface", () => {
    expect(subgraphUrl("blocks", { GATEWAY_PORT: "5000" })).toBe("http://127.0.0.1:5001/graphql");
    expect(subgraphUrl("residents", { HOST: "10.0.0.7" })).toBe("http://10.0.0.7:4002/graphql");
    expect(subgraphUrl("residents", { HOST: "0.0.0.0" })).toBe("http://127.0.0.1:4002/graphql");
    expect(reachableHost({ HOST: "::" })).toBe("127.0.0.1");
    expect(reachableHost({ HOST: "fd00::7" })).toBe("[fd00::7]");
    expect(subgraphUrl("delegates", { HOST: "0.0.0.0", SUBGRAPH_URL_DELEGATES: "http://delegates:8080/graphql" })).toBe(
      "http://delegates:8080/graphql",
    );
  });
});
