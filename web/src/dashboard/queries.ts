// The dashboard's operations. One query answers a whole page: the place, its ancestors for the
// breadcrumb, its own figures and every child's (the API batches each figure for all places asked).
// The figures are the same on every level, but the levels are distinct types, hence four fragments.
import { graphql } from "../generated";

export const DistrictFigures = graphql(`
  fragment DistrictFigures on District {
    code
    name
    level
    householdCount
    visitCoverage(asOf: $asOf) { households visitedHouseholds rate target requiredHouseholds targetMet }
    pairingCoverage(asOf: $asOf) { householdsInNeed pairedHouseholds rate }
    caseStats(period: $period) {
      raised open overdue overdueRate openByTier { block community street department }
      responseRate resolutionRate satisfactionRate meanWorkingDaysToClose closed revisits
    }
  }
`);

export const StreetFigures = graphql(`
  fragment StreetFigures on Street {
    code
    name
    level
    householdCount
    visitCoverage(asOf: $asOf) { households visitedHouseholds rate target requiredHouseholds targetMet }
    pairingCoverage(asOf: $asOf) { householdsInNeed pairedHouseholds rate }
    caseStats(period: $period) {
      raised open overdue overdueRate openByTier { block community street department }
      responseRate resolutionRate satisfactionRate meanWorkingDaysToClose closed revisits
    }
  }
`);

export const CommunityFigures = graphql(`
  fragment CommunityFigures on Community {
    code
    name
    level
    householdCount
    visitCoverage(asOf: $asOf) { households visitedHouseholds rate target requiredHouseholds targetMet }
    pairingCoverage(asOf: $asOf) { householdsInNeed pairedHouseholds rate }
    caseStats(period: $period) {
      raised open overdue overdueRate openByTier { block community street department }
      responseRate resolutionRate satisfactionRate meanWorkingDaysToClose closed revisits
    }
  }
`);

export const BlockFigures = graphql(`
  fragment BlockFigures on Block {
    code
    name
    level
    householdCount
    visitCoverage(asOf: $asOf) { households visitedHouseholds rate target requiredHouseholds targetMet }
    pairingCoverage(asOf: $asOf) { householdsInNeed pairedHouseholds rate }
    caseStats(period: $period) {
      raised open overdue overdueRate openByTier { block community street department }
      responseRate resolutionRate satisfactionRate meanWorkingDaysToClose closed revisits
    }
  }
`);

export const PlaceDashboardQuery = graphql(`
  query PlaceDashboard($code: ID!, $period: PeriodInput, $asOf: Date) {
    jurisdiction(code: $code) {
      code
      name
      level
      parent { code name level parent { code name level parent { code name level } } }
      ... on District { ...DistrictFigures streets { ...StreetFigures } }
      ... on Street { ...StreetFigures communities { ...CommunityFigures } }
      ... on Community { ...CommunityFigures blocks { ...BlockFigures } }
      ... on Block { ...BlockFigures team { id name role workPhone } }
    }
  }
`);

/** Cases raised per month over the last months, for the trend chart (asked only once the chart has loaded). */
export const PlaceTrendQuery = graphql(`
  query PlaceTrend($code: ID!, $months: Int!, $by: CaseTrendDimension!) {
    jurisdiction(code: $code) {
      code
      ... on District { caseTrend(months: $months, by: $by) { month key raised } }
      ... on Street { caseTrend(months: $months, by: $by) { month key raised } }
      ... on Community { caseTrend(months: $months, by: $by) { month key raised } }
      ... on Block { caseTrend(months: $months, by: $by) { month key raised } }
    }
  }
`);
