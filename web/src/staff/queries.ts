import { graphql } from "../generated";

/** Sends queued visits (at most 100 at a time); the API answers per item, in order. */
export const LogVisitsMutation = graphql(`
  mutation StaffLogVisits($inputs: [LogVisitInput!]!) {
    logVisits(inputs: $inputs) {
      idempotencyKey
      visit {
        id
        recordedAt
      }
      error {
        code
        message
        field
        retryable
      }
    }
  }
`);

export const HouseholdSearchQuery = graphql(`
  query StaffHouseholdSearch($scope: ID!, $text: String!) {
    householdSearch(scope: $scope, text: $text, first: 20) {
      edges {
        node {
          id
          address
          size
          block {
            code
            name
          }
          residents {
            name
            isHead
          }
        }
      }
    }
  }
`);

export const RoomsQuery = graphql(`
  query StaffRooms($scope: ID!) {
    rooms(scope: $scope) {
      id
      name
      placeCode
    }
  }
`);

export const OwnRoomQuery = graphql(`
  query StaffOwnRoom($id: ID!) {
    room(id: $id) {
      id
      name
      placeCode
    }
  }
`);

export const RaiseCaseMutation = graphql(`
  mutation StaffRaiseCase($input: RaiseCaseInput!) {
    raiseCase(input: $input) {
      id
      status
      tier
      dueAt
    }
  }
`);

export const RecordFollowUpMutation = graphql(`
  mutation StaffRecordFollowUp($visitId: ID!, $caseId: ID!) {
    recordVisitFollowUp(visitId: $visitId, caseId: $caseId) {
      id
      followedUp
      followedUpAt
    }
  }
`);

export const VisitsQuery = graphql(`
  query StaffVisits($filter: VisitFilter, $after: String) {
    visits(filter: $filter, first: 30, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          channel
          category
          summary
          followUpNeeded
          followedUp
          occurredAt
          placeCode
          room {
            id
            name
          }
          household {
            id
            address
          }
          block {
            code
            name
          }
          walkIn {
            name
          }
          cases {
            id
            status
          }
        }
      }
    }
  }
`);
