// Check-ins: the partner's log of the help it gave under an active pairing, from a phone, possibly
// much later and more than once (an idempotency key makes retries safe).
import { pageSize } from "@grassroots/platform";
import { CHECK_IN_KINDS } from "@grassroots/vocabulary";
import { builder } from "../builder";
import { Pairing } from "../pairing/pairing";

export const CheckInKind = builder.enumType("CheckInKind", { values: CHECK_IN_KINDS });

// Reached only through its pairing, which is checked first.
builder.prismaObject("PairingCheckIn", {
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.expose("kind", { type: CheckInKind }),
    help: t.exposeString("help", { description: "What help was given." }),
    happenedAt: t.expose("happenedAt", { type: "DateTime" }),
    loggedAt: t.expose("loggedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField(Pairing, "checkIns", (t) =>
  t.relation("checkIns", {
    description: "The help logged under this pairing, latest first: for its partner and those who get personal data in full.",
    nullable: true,
    authScopes: (pairing) => ({ readPairingText: { partnerId: pairing.partnerId, blockCode: pairing.household.blockCode } }),
    args: { first: t.arg.int({ description: "How many of the latest (default 50, at most 100)." }) },
    query: ({ first }) => ({ orderBy: [{ happenedAt: "desc" }, { id: "asc" }], take: pageSize(first, 50) }),
  }),
);
