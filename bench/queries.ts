// The benchmark's reads: a district analyst's dashboard at every depth, each with a way to make
// every request distinct (the place code cycles, and a request counter rides along as an undeclared
// variable, so no two bodies are alike).
import { type DemoScale, DISTRICT, demoTree } from "@grassroots/demo-district";

const FIGURES = `fragment Figures on Jurisdiction { code
  ... on District { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } }
  ... on Street { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } }
  ... on Community { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } }
  ... on Block { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } } }`;

export interface Query {
  /** Short key for the summary of ratios. */
  key: "typename" | "block" | "district" | "street" | "tree";
  name: string;
  query: string;
  /** Variables of the i-th distinct request (`n` is declared by no query: it only makes the body unique). */
  distinct: (i: number) => Record<string, unknown>;
  /** Variables of the identical requests. */
  identical: Record<string, unknown>;
}

export const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

export const ONE_BLOCK = "query ($code: ID!) { block(code: $code) { name team { name role } householdCount } }";

export function dashboardQueries(scale: DemoScale): Query[] {
  const tree = demoTree(scale);
  const pick = <T>(items: readonly T[], i: number) => items[i % items.length]!;
  return [
    { key: "typename", name: "`{ __typename }`", query: "{ __typename }", identical: {}, distinct: (n) => ({ n }) },
    {
      key: "block",
      name: "one block (name, team, householdCount)",
      query: ONE_BLOCK,
      identical: { code: tree.blocks[0]!.code },
      distinct: (n) => ({ code: pick(tree.blocks, n).code, n }),
    },
    {
      key: "district",
      name: `district view (1 + ${tree.streets.length} streets + ${tree.communities.length} communities)`,
      query: `query ($code: ID!) { district(code: $code) { ...Figures streets { ...Figures communities { ...Figures } } } } ${FIGURES}`,
      identical: { code: DISTRICT.code },
      distinct: (n) => ({ code: DISTRICT.code, n }),
    },
    {
      key: "street",
      name: `street drill-down (1 + ${tree.communities.length / tree.streets.length} communities + ${tree.blocks.length / tree.streets.length} blocks)`,
      query: `query ($code: ID!) { jurisdiction(code: $code) { ...Figures ... on Street { communities { ...Figures blocks { ...Figures } } } } } ${FIGURES}`,
      identical: { code: tree.streets[0]!.code },
      distinct: (n) => ({ code: pick(tree.streets, n).code, n }),
    },
    {
      key: "tree",
      name: `whole tree (${1 + tree.streets.length + tree.communities.length + tree.blocks.length} places)`,
      query: `query ($code: ID!) { district(code: $code) { ...Figures streets { ...Figures communities { ...Figures blocks { ...Figures } } } } } ${FIGURES}`,
      identical: { code: DISTRICT.code },
      distinct: (n) => ({ code: DISTRICT.code, n }),
    },
  ];
}
