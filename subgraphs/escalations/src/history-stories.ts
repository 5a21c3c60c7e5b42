// The stories the district's history is made of: each a walk through the case workflow (the steps
// CaseWorkflow takes), with the hours after raising at which each step happens. The history seed
// (history.ts) generates them set-based; its agreement test walks them through the workflow.
import type { CaseEventKind, CaseStatus, RevisitOutcome, Tier } from "./generated/prisma/client";

export type Step = "accept" | "escalate" | "resolve" | "satisfied" | "not satisfied" | "unreachable" | "withdraw";

export interface Story {
  /** Out of 1,000 cases of history. */
  perMille: number;
  /** Raised in the last days and still moving (else raised over the years and finished). */
  recent: boolean;
  /** How many days back a recent story may have been raised (4 unless said): older ones are overdue. */
  recentDays?: number;
  steps: [Step, number][];
}

export const STORIES: Story[] = [
  // Finished: most closed with a satisfied revisit, some after escalation, reopening or at the top.
  {
    perMille: 600,
    recent: false,
    steps: [
      ["accept", 2],
      ["resolve", 50],
      ["satisfied", 74],
    ],
  },
  {
    perMille: 120,
    recent: false,
    steps: [
      ["escalate", 20],
      ["accept", 22],
      ["resolve", 100],
      ["satisfied", 124],
    ],
  },
  {
    perMille: 50,
    recent: false,
    steps: [
      ["escalate", 20],
      ["escalate", 44],
      ["accept", 46],
      ["resolve", 200],
      ["satisfied", 224],
    ],
  },
  {
    perMille: 30,
    recent: false,
    steps: [
      ["escalate", 20],
      ["escalate", 44],
      ["escalate", 68],
      ["accept", 70],
      ["resolve", 300],
      ["satisfied", 330],
    ],
  },
  {
    perMille: 60,
    recent: false,
    steps: [
      ["accept", 2],
      ["resolve", 50],
      ["not satisfied", 74],
      ["accept", 76],
      ["resolve", 120],
      ["satisfied", 144],
    ],
  },
  {
    perMille: 30,
    recent: false,
    steps: [
      ["accept", 2],
      ["resolve", 50],
      ["unreachable", 74],
    ],
  },
  { perMille: 34, recent: false, steps: [["withdraw", 5]] },
  {
    perMille: 20,
    recent: false,
    steps: [
      ["accept", 2],
      ["withdraw", 30],
    ],
  },
  {
    perMille: 20,
    recent: false,
    steps: [
      ["accept", 2],
      ["resolve", 50],
      ["not satisfied", 74],
      ["withdraw", 80],
    ],
  },
  // Still open: every tier, OPEN and ACCEPTED, and resolved cases waiting for their revisit.
  { perMille: 4, recent: true, steps: [] },
  { perMille: 4, recent: true, steps: [["accept", 2]] },
  { perMille: 4, recent: true, steps: [["escalate", 20]] },
  {
    perMille: 4,
    recent: true,
    steps: [
      ["escalate", 20],
      ["accept", 22],
    ],
  },
  {
    perMille: 4,
    recent: true,
    steps: [
      ["escalate", 20],
      ["escalate", 44],
    ],
  },
  {
    perMille: 4,
    recent: true,
    steps: [
      ["escalate", 20],
      ["escalate", 44],
      ["accept", 46],
    ],
  },
  // At the top tier the sweeper cannot move them on: raised up to 60 days back, some are overdue.
  {
    perMille: 4,
    recent: true,
    recentDays: 60,
    steps: [
      ["escalate", 20],
      ["escalate", 44],
      ["escalate", 68],
    ],
  },
  {
    perMille: 4,
    recent: true,
    recentDays: 60,
    steps: [
      ["escalate", 20],
      ["escalate", 44],
      ["escalate", 68],
      ["accept", 70],
    ],
  },
  {
    perMille: 4,
    recent: true,
    steps: [
      ["accept", 2],
      ["resolve", 30],
    ],
  },
];

/** Who acts and what they say, as the demo seed's workflow walk has it. */
export const TEXTS = {
  capturedBy: "demo-block-member",
  holder: "demo-holder",
  revisitedBy: "demo-community-worker",
  commitment: "We will visit and fix it.",
  escalation: "Needs a decision above this tier.",
  resolution: "Repaired and checked with the resident.",
  complaint: "Still leaking after rain.",
  withdrawal: "The resident sorted it out with the neighbour.",
} as const;

const NEXT_TIER: Record<Tier, Tier> = { BLOCK: "COMMUNITY", COMMUNITY: "STREET", STREET: "DEPARTMENT", DEPARTMENT: "DEPARTMENT" };

/** One event after RAISED; `input` as the workflow records it (accept's commitmentDate is filled in SQL). */
export interface StoryEvent {
  sequence: number;
  kind: CaseEventKind;
  hours: number;
  fromStatus: CaseStatus;
  toStatus: CaseStatus;
  fromTier: Tier;
  toTier: Tier;
  reason: string | null;
  input: Record<string, string | null>;
}

export interface StoryClock {
  sequence: number;
  tier: Tier;
  startHours: number;
  acceptedHours: number | null;
  endedHours: number | null;
}

export interface CompiledStory {
  story: number;
  events: StoryEvent[];
  clocks: StoryClock[];
  revisits: { hours: number; outcome: RevisitOutcome; note: string | null }[];
  status: CaseStatus;
  tier: Tier;
  commitmentHours: number | null;
  resolvedHours: number | null;
  closedHours: number | null;
  lastHours: number;
}

/** Runs a story's steps on the case state machine: the rows the workflow would write, by offset. */
export function compileStory(index: number): CompiledStory {
  let status: CaseStatus = "OPEN";
  let tier: Tier = "BLOCK";
  let commitmentHours: number | null = null;
  let resolvedHours: number | null = null;
  let closedHours: number | null = null;
  const clocks: StoryClock[] = [{ sequence: 1, tier, startHours: 0, acceptedHours: null, endedHours: null }];
  const events: StoryEvent[] = [];
  const revisits: CompiledStory["revisits"] = [];
  const clock = () => clocks.at(-1)!;
  const endClock = (hours: number) => {
    clock().endedHours ??= hours;
  };
  const startClock = (hours: number) => {
    endClock(hours);
    clocks.push({ sequence: clocks.length + 1, tier, startHours: hours, acceptedHours: null, endedHours: null });
  };
  for (const [step, hours] of STORIES[index]!.steps) {
    const from = { fromStatus: status, fromTier: tier };
    let kind: CaseEventKind;
    let reason: string | null;
    let input: Record<string, string | null>;
    if (step === "accept") {
      status = "ACCEPTED";
      clock().acceptedHours = hours;
      commitmentHours = hours;
      [kind, reason] = ["ACCEPTED", TEXTS.commitment];
      input = { operation: "accept", commitmentDate: "", note: TEXTS.commitment };
    } else if (step === "escalate") {
      endClock(hours);
      tier = NEXT_TIER[tier];
      startClock(hours);
      status = "OPEN";
      commitmentHours = null;
      [kind, reason] = ["ESCALATED", TEXTS.escalation];
      input = { operation: "escalate", reason: TEXTS.escalation };
    } else if (step === "resolve" || step === "withdraw") {
      endClock(hours);
      status = step === "resolve" ? "RESOLVED" : "WITHDRAWN";
      if (step === "resolve") resolvedHours = hours;
      [kind, reason] = step === "resolve" ? ["RESOLVED", TEXTS.resolution] : ["WITHDRAWN", TEXTS.withdrawal];
      input =
        step === "resolve"
          ? { operation: "resolve", resolution: TEXTS.resolution }
          : { operation: "withdraw", reason: TEXTS.withdrawal };
    } else {
      const outcome: RevisitOutcome =
        step === "satisfied" ? "SATISFIED" : step === "unreachable" ? "UNREACHABLE" : "NOT_SATISFIED";
      const note = outcome === "NOT_SATISFIED" ? TEXTS.complaint : null;
      revisits.push({ hours, outcome, note });
      input = { operation: "revisit", outcome, note };
      if (outcome === "SATISFIED") {
        status = "CLOSED";
        closedHours = hours;
        [kind, reason] = ["CLOSED", null];
      } else if (outcome === "NOT_SATISFIED") {
        startClock(hours);
        status = "OPEN";
        resolvedHours = null;
        commitmentHours = null;
        [kind, reason] = ["REOPENED", note];
      } else {
        [kind, reason] = ["REVISITED", outcome];
      }
    }
    events.push({ sequence: events.length + 2, kind, hours, ...from, toStatus: status, toTier: tier, reason, input });
  }
  const lastHours = STORIES[index]!.steps.at(-1)?.[1] ?? 0;
  return { story: index, events, clocks, revisits, status, tier, commitmentHours, resolvedHours, closedHours, lastHours };
}
