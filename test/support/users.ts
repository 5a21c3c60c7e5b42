import { DEMO_USERS } from "@grassroots/demo-district";
import type { TestClaims } from "@grassroots/platform/testing";

export type DemoUser = (typeof DEMO_USERS)[number]["sub"];

/** The token claims of one of the demo district's accounts (one per role). */
export function demoUser(sub: DemoUser): TestClaims {
  const { does: _does, ...claims } = DEMO_USERS.find((candidate) => candidate.sub === sub)!;
  return claims;
}
