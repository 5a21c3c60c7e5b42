// The cases app's operations. Texts that may name residents (description, notes, reasons, the
// audit trail, revisits) are asked only when the role may read them ($withText): a district
// analyst never reads them, so the page does not ask and shows them as hidden.
import { graphql } from "../generated";

export const CaseListQuery = graphql(`
  query CaseList($filter: CaseFilter, $after: String, $first: Int!) {
    cases(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          category
          tier
          status
          holderCode
          holderDepartment {
            id
            name
          }
          block {
            code
          }
          raisedAt
          dueAt
          overdue
        }
      }
    }
  }
`);

export const CaseDetailFields = graphql(`
  fragment CaseDetailFields on Case {
    id
    version
    block {
      code
    }
    channel
    category
    description @include(if: $withText)
    tier
    holderCode
    holderDepartment {
      id
      name
    }
    status
    raisedAt
    tierEnteredAt
    responseDueAt
    dueAt
    deadlineProvisional
    overdue
    commitmentDate
    commitmentNote @include(if: $withText)
    resolution @include(if: $withText)
    resolvedAt
    closedAt
    transfersAtTier
    mergedAt
    mergedInto {
      id
      status
    }
    clocks {
      sequence
      tier
      holderCode
      startedAt
      responseDueAt
      dueAt
      acceptedAt
      endedAt
    }
    events @include(if: $withText) {
      sequence
      kind
      actor
      at
      fromStatus
      toStatus
      fromTier
      toTier
      fromHolder
      toHolder
      reason
    }
    revisits @include(if: $withText) {
      outcome
      note
      recordedBy
      at
    }
    possibleDuplicates(first: 10) {
      similarity
      case {
        id
        category
        status
        tier
        holderCode
        raisedAt
      }
    }
  }
`);

export const CaseDetailQuery = graphql(`
  query CaseDetail($id: ID!, $withText: Boolean!) {
    case(id: $id) {
      ...CaseDetailFields
    }
  }
`);

export const AcceptCaseMutation = graphql(`
  mutation AcceptCase($input: AcceptCaseInput!, $withText: Boolean!) {
    acceptCase(input: $input) {
      ...CaseDetailFields
    }
  }
`);

export const EscalateCaseMutation = graphql(`
  mutation EscalateCase($input: EscalateCaseInput!, $withText: Boolean!) {
    escalateCase(input: $input) {
      ...CaseDetailFields
    }
  }
`);

export const TransferCaseMutation = graphql(`
  mutation TransferCase($input: TransferCaseInput!, $withText: Boolean!) {
    transferCase(input: $input) {
      ...CaseDetailFields
    }
  }
`);

export const ResolveCaseMutation = graphql(`
  mutation ResolveCase($input: ResolveCaseInput!, $withText: Boolean!) {
    resolveCase(input: $input) {
      ...CaseDetailFields
    }
  }
`);

export const RecordRevisitMutation = graphql(`
  mutation RecordRevisit($input: RecordRevisitInput!, $withText: Boolean!) {
    recordRevisit(input: $input) {
      ...CaseDetailFields
    }
  }
`);

export const WithdrawCaseMutation = graphql(`
  mutation WithdrawCase($input: WithdrawCaseInput!, $withText: Boolean!) {
    withdrawCase(input: $input) {
      ...CaseDetailFields
    }
  }
`);

export const MergeCaseMutation = graphql(`
  mutation MergeCase($caseId: ID!, $intoCaseId: ID!, $expectedVersion: Int!, $reason: String!, $withText: Boolean!) {
    mergeCase(caseId: $caseId, intoCaseId: $intoCaseId, expectedVersion: $expectedVersion, reason: $reason) {
      ...CaseDetailFields
    }
  }
`);
