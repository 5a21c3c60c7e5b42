// One page's answer in one shape, whatever the level: the place with its figures, the places above
// it (for the breadcrumb), the places below it and, for a block, its team.
import type { DistrictFiguresFragment, JurisdictionLevel, PlaceDashboardQuery, TeamRole, Tier } from "../generated/graphql";

/** The figures of a place: the four levels' fragments ask the same fields. */
export type PlaceFigures = DistrictFiguresFragment;

/** The tiers in the order a case climbs them, with their field in openByTier. */
export const TIERS: { tier: Tier; key: "block" | "community" | "street" | "department" }[] = [
  { tier: "BLOCK", key: "block" },
  { tier: "COMMUNITY", key: "community" },
  { tier: "STREET", key: "street" },
  { tier: "DEPARTMENT", key: "department" },
];

export interface PlaceRef {
  code: string;
  name: string;
  level: JurisdictionLevel;
}

export interface TeamMember {
  id: string;
  name: string;
  role: TeamRole;
  workPhone: string;
}

export interface PlacePageData {
  place: PlaceFigures;
  /** The district first, the parent last. */
  ancestors: PlaceRef[];
  /** Null for a block, which has no places below it. */
  children: PlaceFigures[] | null;
  team: TeamMember[] | null;
}

type Answer = NonNullable<PlaceDashboardQuery["jurisdiction"]>;
type Ancestor = PlaceRef & { parent?: Ancestor | null };

export function pageOf(answer: Answer): PlacePageData {
  const ancestors: PlaceRef[] = [];
  for (let parent = answer.parent as Ancestor | null | undefined; parent; parent = parent.parent) {
    ancestors.unshift({ code: parent.code, name: parent.name, level: parent.level });
  }
  const children =
    "streets" in answer
      ? answer.streets
      : "communities" in answer
        ? answer.communities
        : "blocks" in answer
          ? answer.blocks
          : null;
  return {
    place: answer as PlaceFigures,
    ancestors,
    children,
    team: "team" in answer ? answer.team : null,
  };
}
