// Prints an access token for the embedded deployment (signed with the secret in .data/ or AUTH_SECRET).
//   npm run token -- --user demo-street-officer
//   npm run token -- --role street_officer --scope 310105001 [--place <code>] [--sub name] [--ttl 8h]
//   npm run token -- --sub alice           (a signed-in person with no role: registers partners, accepts invitations)

import { viewerFromClaims } from "@grassroots/access";
import { DEMO_USERS } from "@grassroots/demo-district";
import { authSettingsFromEnv, signToken } from "@grassroots/platform";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

const userName = option("user");
const demoUser = userName ? DEMO_USERS.find((user) => user.sub === userName) : undefined;
if (userName && !demoUser) {
  console.error(`No demo user "${userName}". Demo users:\n${DEMO_USERS.map((user) => `  ${user.sub}`).join("\n")}`);
  process.exit(2);
}
const { does: _does, ...fromUser } = demoUser ?? { does: "" };
const claims = {
  ...fromUser,
  sub: option("sub") ?? demoUser?.sub ?? `dev-${option("role") ?? "user"}`,
  ...(option("role") && { role: option("role") }),
  ...(option("scope") && { scope: option("scope") }),
  ...(option("place") && { place: option("place") }),
};
const checked = viewerFromClaims(claims);
if ("problem" in checked) {
  console.error(`Cannot make that token: ${checked.problem}.\nRoles: ${DEMO_USERS.map((user) => user.role).join(", ")}`);
  process.exit(2);
}
const { tokens } = authSettingsFromEnv();
if (!tokens.secret) {
  console.error("AUTH_JWKS_URL is set: tokens come from the identity provider, not from here.");
  process.exit(2);
}
console.log(await signToken(claims, tokens, option("ttl") ?? "8h"));
