// What a viewer may see. Places by code prefix: a place-scoped viewer sees their own subtree and the
// places above it (the dashboard they belong to); personal data only where they serve households.
import { contains, pathOf } from "@grassroots/jurisdiction";
import { districtOfDepartment, isPlaceRole, type Viewer } from "./viewer";

/** How much of a household's personal data a viewer gets. */
export type PersonalDataView = "full" | "masked" | "none";

export class Access {
  constructor(readonly viewer: Viewer | null) {}

  get authenticated(): boolean {
    return this.viewer !== null;
  }

  get isAdmin(): boolean {
    return this.viewer?.role === "admin";
  }

  /**
   * One of the deployment's own services (a service token: admin, subject `service:<name>`), calling
   * a subgraph's internal address for what the gateway never offers (fields marked @inaccessible).
   */
  get isService(): boolean {
    return this.isAdmin && (this.viewer?.subject.startsWith("service:") ?? false);
  }

  /** The jurisdiction a viewer works in: their scope, their room's place, their department's district. */
  get workPlace(): string | null {
    const viewer = this.viewer;
    if (!viewer?.scope) return null;
    if (isPlaceRole(viewer.role)) return viewer.scope;
    if (viewer.role === "room_staff") return viewer.place;
    if (viewer.role === "department_officer") return districtOfDepartment(viewer.scope);
    return null;
  }

  /** Place data and aggregates: own subtree and ancestors. Partners get none. */
  canReadPlace(code: string): boolean {
    if (this.isAdmin) return true;
    const place = this.workPlace;
    return place !== null && (contains(place, code) || contains(code, place));
  }

  /** Whether the viewer works with the households of a block: place roles and room staff within their place. */
  servesBlock(blockCode: string): boolean {
    const viewer = this.viewer;
    if (!viewer) return false;
    if (viewer.role === "admin") return true;
    if (viewer.role === "partner" || viewer.role === "department_officer") return false;
    const place = this.workPlace;
    return place !== null && contains(place, blockCode);
  }

  /** The partner organisation a viewer acts for, if any. */
  get partnerId(): string | null {
    return this.viewer?.role === "partner" ? this.viewer.scope : null;
  }

  /**
   * A household's record (that it exists, its block, size and needs): whoever serves its block.
   * Never partners, paired or not: what a partner sees of a paired household is the pairing's own
   * minimal view (block, needs, a salutation, a phone only with consent), not the household.
   */
  canSeeHousehold(blockCode: string): boolean {
    return this.servesBlock(blockCode);
  }

  /**
   * Which places a listing may show, as a Prisma `where` over a `code` column: the viewer's subtree
   * and the places above it; empty when nothing needs filtering (admin).
   */
  placeWhere<Column extends string = "code">(column: Column = "code" as Column) {
    type Condition = Record<Column, { startsWith: string } | { in: string[] }>;
    if (this.isAdmin) return {};
    const place = this.workPlace;
    const conditions = place ? [{ [column]: { startsWith: place } }, { [column]: { in: pathOf(place) } }] : [];
    return { OR: conditions as Condition[] };
  }

  /**
   * Names, phones, identity numbers and exact addresses: in full for those who serve the household
   * (officers, community workers, block members, room staff of its place); masked for analysts.
   * Partners' view comes from the pairing and the household's consent, not from here.
   */
  personalData(blockCode: string): PersonalDataView {
    const viewer = this.viewer;
    if (!viewer) return "none";
    if (viewer.role === "admin") return "full";
    if (!this.servesBlock(blockCode)) return "none";
    return viewer.role === "district_analyst" ? "masked" : "full";
  }
}
