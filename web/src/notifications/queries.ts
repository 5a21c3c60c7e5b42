import { graphql } from "../generated";

export const UnreadCountQuery = graphql(`
  query UnreadCount {
    myNotifications(unreadOnly: true, first: 1) {
      unreadCount
    }
  }
`);

export const InboxQuery = graphql(`
  query Inbox($after: String) {
    myNotifications(first: 30, after: $after) {
      unreadCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          kind
          occurredAt
          read
          summary
          caseId
          pairingId
          partnerId
          placeCode
          tier
          category
          dueAt
        }
      }
    }
  }
`);

export const MarkReadMutation = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]!) {
    markNotificationsRead(ids: $ids) {
      marked
      unreadCount
    }
  }
`);
