// The pairing's partner logs help it gave while the pairing is active; retries with the same key replay.
import { randomUUID } from "node:crypto";
import { badUserInput, conflict, forbidden, idempotent, parseUuid } from "@grassroots/platform";
import { z } from "zod";
import { builder } from "../builder";
import type { PairingStatus } from "../generated/prisma/client";
import { parseInput } from "../input";
import { CheckInKind } from "./check-in";

const LogCheckInInput = builder.inputType("LogCheckInInput", {
  fields: (t) => ({
    pairingId: t.id({ required: true }),
    kind: t.field({ type: CheckInKind, required: true }),
    help: t.string({ required: true, description: "What help was given (up to 2000 characters)." }),
    happenedAt: t.field({ type: "DateTime", required: true, description: "When; not before the pairing was accepted." }),
  }),
});

// Phones' clocks drift: a few minutes ahead is still "now".
const CLOCK_LEEWAY_MS = 5 * 60_000;

const CheckIn = z.object({
  help: z.string().trim().min(1, "say what help was given.").max(2000, "at most 2000 characters."),
  happenedAt: z.date().refine((date) => date.getTime() <= Date.now() + CLOCK_LEEWAY_MS, "a check-in cannot be in the future."),
});

builder.mutationFields((t) => ({
  logCheckIn: t.prismaField({
    type: "PairingCheckIn",
    nullable: true,
    description: "The pairing's partner logs help it gave while the pairing is ACTIVE.",
    args: { input: t.arg({ type: LogCheckInInput, required: true }), idempotencyKey: t.arg.string({ required: true }) },
    resolve: async (query, _root, { input, idempotencyKey }, context) => {
      const pairingId = parseUuid(String(input.pairingId), "pairingId");
      const checkIn = parseInput(CheckIn, { help: input.help, happenedAt: input.happenedAt });
      const pairing = await context.prisma.pairing.findUnique({ where: { id: pairingId }, select: { partnerId: true } });
      if (!pairing || !(context.access.partnerId === pairing.partnerId || context.access.isAdmin)) {
        throw forbidden("The pairing's partner logs its check-ins.");
      }
      const request = { actor: context.access.viewer!.subject, operation: "logCheckIn", key: idempotencyKey, input };
      const { id } = await idempotent(context.prisma, request, async (tx) => {
        // Shared lock: the pairing cannot end while help is being logged against it.
        const [current] = await tx.$queryRaw<{ status: PairingStatus; acceptedAt: Date | null }[]>`
          SELECT status::text AS status, accepted_at AS "acceptedAt" FROM pairing WHERE id = ${pairingId}::uuid FOR SHARE`;
        if (current?.status !== "ACTIVE")
          throw conflict(`Check-ins are logged on an active pairing; this one is ${current?.status}.`);
        if (current.acceptedAt && checkIn.happenedAt < current.acceptedAt) {
          throw badUserInput("This help happened before the pairing was accepted.", { field: "happenedAt" });
        }
        const id = randomUUID();
        await tx.pairingCheckIn.create({
          data: { id, pairingId, kind: input.kind, ...checkIn, loggedBy: context.access.viewer!.subject },
        });
        return id;
      });
      return context.prisma.pairingCheckIn.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
