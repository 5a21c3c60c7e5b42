// The workflow's mutations. Each finds the case (hidden and absent alike are FORBIDDEN) and hands
// over to CaseWorkflow with who may act: the version is checked first (a retry of the same
// transition is answered as a replay, anyone else's stale version is a CONFLICT), then the actor.
// The answer is the case as it now stands.
import { codeProblem } from "@grassroots/jurisdiction";
import { badUserInput, forbidden, idempotent, parseUuid } from "@grassroots/platform";
import { builder } from "../builder";
import { ACTING_ROLE, actsForHolder, servesResidentsOf } from "../chain/chain";
import type { Context } from "../context";
import type { Case as CaseRow } from "../generated/prisma/client";
import { canSeeCase } from "./access";
import { CaseCategory, CaseChannel, RevisitOutcome } from "./case";

const RaiseCaseInput = builder.inputType("RaiseCaseInput", {
  fields: (t) => ({
    idempotencyKey: t.string({
      required: true,
      description: "Made on the device; a retry with the same key and input returns the first case.",
    }),
    id: t.id({
      description:
        "Optional UUID made on the device, so that one operation can raise the case and record it on its visit (recordVisitFollowUp) at once.",
    }),
    blockCode: t.id({ required: true }),
    householdId: t.id({ description: "The household it concerns, when registered." }),
    visitId: t.id({ description: "The visit (reception, home visit, …) it came from." }),
    channel: t.field({ type: CaseChannel, required: true }),
    category: t.field({ type: CaseCategory, required: true }),
    description: t.string({ required: true }),
  }),
});

const transitionFields = {
  id: { required: true },
  expectedVersion: { required: true, description: "The version you saw; someone else's change in between is a CONFLICT." },
} as const;

const AcceptCaseInput = builder.inputType("AcceptCaseInput", {
  fields: (t) => ({
    id: t.id(transitionFields.id),
    expectedVersion: t.int(transitionFields.expectedVersion),
    commitmentDate: t.field({
      type: "Date",
      required: true,
      description: "Public commitment (承诺): within the tier's time limit.",
    }),
    note: t.string(),
  }),
});
const EscalateCaseInput = builder.inputType("EscalateCaseInput", {
  fields: (t) => ({
    id: t.id(transitionFields.id),
    expectedVersion: t.int(transitionFields.expectedVersion),
    reason: t.string({ required: true }),
  }),
});
const TransferCaseInput = builder.inputType("TransferCaseInput", {
  fields: (t) => ({
    id: t.id(transitionFields.id),
    expectedVersion: t.int(transitionFields.expectedVersion),
    toHolder: t.id({ required: true, description: "Another place of the same tier (or another department at the top tier)." }),
    reason: t.string({ required: true }),
  }),
});
const ResolveCaseInput = builder.inputType("ResolveCaseInput", {
  fields: (t) => ({
    id: t.id(transitionFields.id),
    expectedVersion: t.int(transitionFields.expectedVersion),
    resolution: t.string({ required: true, description: "What was done." }),
  }),
});
const RecordRevisitInput = builder.inputType("RecordRevisitInput", {
  fields: (t) => ({
    id: t.id(transitionFields.id),
    expectedVersion: t.int(transitionFields.expectedVersion),
    outcome: t.field({ type: RevisitOutcome, required: true }),
    note: t.string({ description: "Required when the resident is not satisfied." }),
  }),
});
const WithdrawCaseInput = builder.inputType("WithdrawCaseInput", {
  fields: (t) => ({
    id: t.id(transitionFields.id),
    expectedVersion: t.int(transitionFields.expectedVersion),
    reason: t.string({ required: true }),
  }),
});

/**
 * The case for an action: hidden and absent cases are the same FORBIDDEN.
 */
async function caseFor(context: Context, id: string): Promise<CaseRow> {
  const found = await context.prisma.case.findUnique({ where: { id: parseUuid(id) } });
  if (!found || !canSeeCase(context.access, found)) throw forbidden();
  return found;
}

/** The answer to a successful action, shown in full to its actor even if it moved out of their reach. */
function answer<Query extends object>(context: Context, query: Query, id: string) {
  context.actedOn.add(id);
  return context.prisma.case.findUniqueOrThrow({ ...query, where: { id } });
}

function requireHolder(context: Context, c: CaseRow, verb: string) {
  if (!actsForHolder(context.access, c.tier, c.holderCode)) {
    throw forbidden(`Only its holder (the ${ACTING_ROLE[c.tier].replace("_", " ")} of ${c.holderCode}) can ${verb} this case.`);
  }
}

function subject(context: Context): string {
  return context.access.viewer?.subject ?? "";
}

builder.mutationFields((t) => ({
  raiseCase: t.prismaField({
    type: "Case",
    description: "Records a resident's problem at its block's tier (OPEN, with the block tier's clock).",
    args: { input: t.arg({ type: RaiseCaseInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const problem = codeProblem(String(input.blockCode), "BLOCK");
      if (problem) throw badUserInput(problem, { field: "blockCode" });
      if (!servesResidentsOf(context.access, String(input.blockCode))) {
        throw forbidden("You can raise cases only for blocks whose residents you serve.");
      }
      const fields = {
        id: input.id ? parseUuid(String(input.id)) : undefined,
        blockCode: String(input.blockCode),
        householdId: input.householdId ? parseUuid(String(input.householdId), "householdId") : null,
        visitId: input.visitId ? parseUuid(String(input.visitId), "visitId") : null,
        channel: input.channel,
        category: input.category,
        description: input.description,
      };
      await context.workflow.checkRaise(fields);
      const { id } = await idempotent(
        context.prisma,
        { actor: subject(context), operation: "raiseCase", key: input.idempotencyKey, input: fields },
        (tx) => context.workflow.raise(tx, subject(context), fields),
      );
      return context.prisma.case.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  acceptCase: t.prismaField({
    type: "Case",
    description: "The holder takes the case and commits to a date (OPEN → ACCEPTED).",
    args: { input: t.arg({ type: AcceptCaseInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const c = await caseFor(context, String(input.id));
      await context.workflow.accept(subject(context), c.id, input.expectedVersion, input.commitmentDate, input.note ?? null, {
        authorise: (current) => requireHolder(context, current, "accept"),
      });
      return answer(context, query, c.id);
    },
  }),
  escalateCase: t.prismaField({
    type: "Case",
    description:
      "Sends the case one tier up (block → community → street → the department for its category), restarting the clock.",
    args: { input: t.arg({ type: EscalateCaseInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const c = await caseFor(context, String(input.id));
      await context.workflow.escalate(subject(context), c.id, input.expectedVersion, input.reason, {
        authorise: (current) => requireHolder(context, current, "escalate"),
      });
      return answer(context, query, c.id);
    },
  }),
  transferCase: t.prismaField({
    type: "Case",
    description:
      "Moves the case sideways to another place of the same tier. After two transfers at a tier it must be escalated instead.",
    args: { input: t.arg({ type: TransferCaseInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const c = await caseFor(context, String(input.id));
      await context.workflow.transfer(subject(context), c.id, input.expectedVersion, String(input.toHolder), input.reason, {
        authorise: (current) => requireHolder(context, current, "transfer"),
      });
      return answer(context, query, c.id);
    },
  }),
  resolveCase: t.prismaField({
    type: "Case",
    description: "The holder reports what was done (ACCEPTED → RESOLVED). Only a satisfied revisit closes it.",
    args: { input: t.arg({ type: ResolveCaseInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const c = await caseFor(context, String(input.id));
      await context.workflow.resolve(subject(context), c.id, input.expectedVersion, input.resolution, {
        authorise: (current) => requireHolder(context, current, "resolve"),
      });
      return answer(context, query, c.id);
    },
  }),
  recordRevisit: t.prismaField({
    type: "Case",
    description:
      "The resident's verdict after resolution: SATISFIED closes the case, NOT_SATISFIED reopens it at the same tier with a fresh clock. Not by whoever captured the case.",
    args: { input: t.arg({ type: RecordRevisitInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const c = await caseFor(context, String(input.id));
      await context.workflow.revisit(subject(context), c.id, input.expectedVersion, input.outcome, input.note ?? null, {
        authorise: (current) => {
          if (!servesResidentsOf(context.access, current.blockCode))
            throw forbidden("Revisits are recorded by those who serve the household.");
        },
      });
      return answer(context, query, c.id);
    },
  }),
  mergeCase: t.prismaField({
    type: "Case",
    description:
      "Closes a case into another open case of the same block as its duplicate (OPEN or ACCEPTED → MERGED): its clock stops, both cases get an event, and it no longer counts in any figure (the problem counts once, as intoCaseId). The holder of both acts. A retry with the same input answers the case as it is.",
    args: {
      caseId: t.arg.id({ required: true, description: "The duplicate, closed by the merge." }),
      intoCaseId: t.arg.id({ required: true, description: "The case that goes on: open, in the same block." }),
      expectedVersion: t.arg.int({ required: true, description: "The version of caseId you saw." }),
      reason: t.arg.string({ required: true }),
    },
    resolve: async (query, _root, args, context) => {
      const caseId = parseUuid(String(args.caseId), "caseId");
      const intoCaseId = parseUuid(String(args.intoCaseId), "intoCaseId");
      if (caseId === intoCaseId) throw badUserInput("A case cannot be merged into itself.", { field: "intoCaseId" });
      const c = await caseFor(context, caseId);
      await caseFor(context, intoCaseId);
      await context.workflow.merge(subject(context), c.id, args.expectedVersion, intoCaseId, args.reason, {
        authorise: (current) => requireHolder(context, current, "merge"),
        authoriseInto: (into) => requireHolder(context, into, "take a duplicate into"),
      });
      return answer(context, query, c.id);
    },
  }),
  withdrawCase: t.prismaField({
    type: "Case",
    description: "The resident no longer wants the case pursued (OPEN or ACCEPTED → WITHDRAWN).",
    args: { input: t.arg({ type: WithdrawCaseInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const c = await caseFor(context, String(input.id));
      await context.workflow.withdraw(subject(context), c.id, input.expectedVersion, input.reason, {
        authorise: (current) => {
          if (
            !servesResidentsOf(context.access, current.blockCode) &&
            !actsForHolder(context.access, current.tier, current.holderCode)
          )
            throw forbidden("Cases are withdrawn by those who serve the household or hold the case.");
        },
      });
      return answer(context, query, c.id);
    },
  }),
}));
