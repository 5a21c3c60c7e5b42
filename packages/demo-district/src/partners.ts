// The demo district's partner organisations (双报到, 结对帮扶): two per community, registered with the
// community's street and approved, their members registered where they live, and active pairings with
// part of the community's households in need (about a third in the demo district, different from place
// to place). The demo partner account's organisation (DEMO_PARTNER_ID) is the first of the first
// community, with a couple of active pairings.
// Only functions here: index.ts re-exports this module, so nothing may run at import.
import { CHECK_IN_KINDS, NEED_CATEGORIES, PARTNER_KINDS, type PartnerKind } from "@grassroots/vocabulary";
import { DEMO_PARTNER_ID, type DemoScale, demoTree, householdsOfBlock, mobilePhone, personName } from "./index";
import { Random } from "./random";

type Need = (typeof NEED_CATEGORIES)[number];

export interface DemoPartner {
  id: string;
  name: string;
  kind: PartnerKind;
  creditCode: string;
  contactPerson: string;
  contactPhone: string;
  streetCode: string;
  services: Need[];
  capacity: number;
  status: "APPROVED";
  vettingNotes: string;
  vettedBy: string;
  vettedAt: Date;
  approvedUntil: Date;
  registeredAt: Date;
}
export interface DemoPartnerMember {
  id: string;
  partnerId: string;
  name: string;
  homeBlockCode: string;
}
export interface DemoPairing {
  id: string;
  partnerId: string;
  householdId: string;
  status: "ACTIVE";
  proposedBy: "PARTNER" | "COMMUNITY_WORKER";
  proposedAt: Date;
  acceptedAt: Date;
  contactConsent: boolean;
  consentNote: string;
}
export interface DemoCheckIn {
  id: string;
  pairingId: string;
  kind: (typeof CHECK_IN_KINDS)[number];
  help: string;
  happenedAt: Date;
  loggedBy: string;
}

const CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** Registration authority and organisation type (the first two characters) by kind of partner. */
const CREDIT_CODE_PREFIX: Record<PartnerKind, string> = { COMPANY: "91", AGENCY: "11", SCHOOL: "12", SOCIAL_ORGANIZATION: "52" };

/** A unified social credit code (GB 32100-2015) registered in the district, with its check character. */
export function creditCode(random: Random, kind: PartnerKind, districtCode = "310105"): string {
  const body =
    CREDIT_CODE_PREFIX[kind] +
    districtCode +
    Array.from({ length: 9 }, () => CREDIT_CODE_ALPHABET[random.int(0, CREDIT_CODE_ALPHABET.length - 1)]).join("");
  const sum = [...body].reduce(
    (total, character, i) => total + CREDIT_CODE_ALPHABET.indexOf(character) * CREDIT_CODE_WEIGHTS[i]!,
    0,
  );
  return body + CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

const NAMES: Record<PartnerKind, string[]> = {
  COMPANY: ["Changning Power Supply Co.", "Hongqiao Property Services Ltd.", "Xianxia Pharmacy Chain", "Tianshan Logistics Co."],
  AGENCY: ["District Market Supervision Bureau", "Changning Tax Office", "District Sports Bureau", "District Archives"],
  SCHOOL: [
    "Changning No. 3 Middle School",
    "Xinhua Road Primary School",
    "Shanghai Normal College, Changning",
    "Loushanguan Road Kindergarten",
  ],
  SOCIAL_ORGANIZATION: [
    "Sunshine Elderly Care Society",
    "Neighbourhood Volunteers Association",
    "Youth Mentoring Centre",
    "Red Cross Changning Branch",
  ],
};
const HELP: Record<(typeof CHECK_IN_KINDS)[number], string> = {
  HOME_VISIT: "Visited at home; talked through the month's needs.",
  PHONE_CALL: "Phoned to check in; no new needs.",
  SUPPLIES: "Delivered rice, oil and winter bedding.",
  SERVICE: "Accompanied to the hospital for a check-up.",
  OTHER: "Helped fill in a subsidy application.",
};

const DAY = 86_400_000;

/**
 * The demo district's partners, members, pairings and check-ins at a scale. Dates count back from
 * `now` (approvals run a year ahead of it), so a freshly seeded demo is never expired.
 */
export function demoPartners(scale: DemoScale, now = new Date()) {
  const { communities, blocks } = demoTree(scale);
  const partners: DemoPartner[] = [];
  const members: DemoPartnerMember[] = [];
  const pairings: DemoPairing[] = [];
  const checkIns: DemoCheckIn[] = [];
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);

  for (const community of communities) {
    const random = new Random(`partners:${community.code}`);
    const streetCode = community.code.slice(0, 9);
    const streetBlocks = blocks.filter((block) => block.code.startsWith(streetCode));
    const inNeed = blocks
      .filter((block) => block.code.startsWith(community.code))
      .flatMap((block) => householdsOfBlock(block.code, scale).households)
      .filter((household) => household.needs.length > 0);
    const ofCommunity = [0, 1].map((i) => {
      const isDemo = partners.length === 0;
      const kind = random.pick(PARTNER_KINDS);
      // The demo account's organisation keeps a couple of pairings and room for more in a demo.
      const pairs = isDemo ? 2 : random.int(4, 20);
      const partner: DemoPartner = {
        id: isDemo ? DEMO_PARTNER_ID : random.uuid(),
        name: `${random.pick(NAMES[kind])}${i === 0 ? "" : ` (${community.name})`}`,
        kind,
        creditCode: creditCode(random, kind),
        contactPerson: personName(random),
        contactPhone: mobilePhone(random),
        streetCode,
        services: [...new Set([random.pick(NEED_CATEGORIES), random.pick(NEED_CATEGORIES)])],
        capacity: isDemo ? 5 : pairs + random.int(2, 8),
        status: "APPROVED",
        vettingNotes: "Registration documents checked at the street office.",
        vettedBy: "demo-street-officer",
        vettedAt: at(200),
        approvedUntil: new Date(now.getTime() + 365 * DAY),
        registeredAt: at(210),
      };
      partners.push(partner);
      for (let m = random.int(2, 6); m > 0; m--) {
        members.push({
          id: random.uuid(),
          partnerId: partner.id,
          name: personName(random),
          homeBlockCode: random.pick(streetBlocks).code,
        });
      }
      return { partner, pairs, paired: 0 };
    });

    // Households in need in order, to the first partner until its share is taken, then the second;
    // some are skipped by chance and the rest once both shares are taken, so coverage differs by place.
    for (const household of inNeed) {
      if (random.chance(0.35)) continue;
      const taker = ofCommunity.find(({ pairs, paired }) => paired < pairs);
      if (!taker) break;
      taker.paired++;
      const acceptedDaysAgo = random.int(10, 150);
      const pairing: DemoPairing = {
        id: random.uuid(),
        partnerId: taker.partner.id,
        householdId: household.id,
        status: "ACTIVE",
        proposedBy: random.chance(0.5) ? "PARTNER" : "COMMUNITY_WORKER",
        proposedAt: at(acceptedDaysAgo + random.int(1, 10)),
        acceptedAt: at(acceptedDaysAgo),
        contactConsent: random.chance(0.6),
        consentNote: "Consent form signed at a home visit.",
      };
      pairings.push(pairing);
      for (let c = random.int(1, 2); c > 0; c--) {
        const kind = random.pick(CHECK_IN_KINDS);
        checkIns.push({
          id: random.uuid(),
          pairingId: pairing.id,
          kind,
          help: HELP[kind],
          happenedAt: at(random.int(1, acceptedDaysAgo)),
          loggedBy: `partner:${taker.partner.id}`,
        });
      }
    }
  }
  return { partners, members, pairings, checkIns };
}
