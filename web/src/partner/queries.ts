// The partner portal's operations. What a partner asks of a pairing is only what the API gives a
// partner (schema/api.graphql, Pairing): never the household record, the consent note or the end note.
import { graphql } from "../generated";

/** Where an account's registration stands: what the partner home says of it. */
export const RegistrationFields = graphql(`
  fragment RegistrationFields on PartnerRegistration {
    partnerId
    status
    registeredAt
    street {
      code
    }
  }
`);

/** The signed-in person's own partner account: also while the registration waits to be vetted. */
export const MyPartnerAccountQuery = graphql(`
  query MyPartnerAccount {
    myPartnerAccount {
      id
      subject
      role
      joinedAt
      registration {
        ...RegistrationFields
      }
    }
  }
`);

/**
 * The person's most recent closed account, while they have no live one: rejected by the street
 * office (when and why), or removed by an administrator of the organisation.
 */
export const MyClosedPartnerAccountQuery = graphql(`
  query MyClosedPartnerAccount {
    myClosedPartnerAccount {
      id
      role
      removedAt
      registration {
        ...RegistrationFields
        rejection {
          rejectedAt
          notes
        }
      }
    }
  }
`);

/** The street offices to register with: public open data, readable by a person without a role. */
export const StreetsQuery = graphql(`
  query PartnerStreets {
    openData(level: STREET) {
      rows {
        code
        name
      }
    }
  }
`);

export const RegisterPartnerMutation = graphql(`
  mutation RegisterPartner($input: RegisterPartnerInput!, $idempotencyKey: String!) {
    registerPartner(input: $input, idempotencyKey: $idempotencyKey) {
      ...RegistrationFields
    }
  }
`);

/** The organisation as its own accounts see it. */
export const OwnPartnerQuery = graphql(`
  query OwnPartner($id: ID!) {
    partner(id: $id) {
      id
      name
      kind
      creditCode
      contactPerson
      contactPhone
      street {
        code
      }
      services
      capacity
      status
      vettingNotes
      vettedAt
      approvedUntil
      canStartPairings
      registeredAt
      openPairingCount
    }
  }
`);

/** Administrators only: who acts for the organisation. */
export const PartnerAccountsQuery = graphql(`
  query PartnerAccounts($id: ID!) {
    partner(id: $id) {
      id
      accounts {
        id
        subject
        role
        joinedAt
      }
    }
  }
`);

export const InvitePartnerMemberMutation = graphql(`
  mutation InvitePartnerMember($role: PartnerAccountRole) {
    invitePartnerMember(role: $role) {
      invitationId
      code
      expiresAt
    }
  }
`);

/** Administrators only: the organisation's invitations, newest first. */
export const PartnerInvitationsQuery = graphql(`
  query PartnerInvitations($id: ID!) {
    partner(id: $id) {
      id
      invitations {
        id
        role
        status
        createdAt
        expiresAt
        acceptedBy
      }
    }
  }
`);

export const RevokePartnerInvitationMutation = graphql(`
  mutation RevokePartnerInvitation($invitationId: ID!) {
    revokePartnerInvitation(invitationId: $invitationId) {
      id
      status
    }
  }
`);

export const RemovePartnerMemberMutation = graphql(`
  mutation RemovePartnerMember($accountId: ID!) {
    removePartnerMember(accountId: $accountId) {
      id
      removedAt
    }
  }
`);

export const AcceptPartnerInvitationMutation = graphql(`
  mutation AcceptPartnerInvitation($code: String!) {
    acceptPartnerInvitation(code: $code) {
      id
      role
      registration {
        partnerId
        status
      }
    }
  }
`);

export const PairingOpportunitiesQuery = graphql(`
  query PairingOpportunities($after: String) {
    pairingOpportunities(first: 20, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          blockCode
          needs
          householdSize
        }
      }
    }
  }
`);

export const RequestPairingMutation = graphql(`
  mutation RequestPairing($input: RequestPairingInput!, $idempotencyKey: String!) {
    requestPairing(input: $input, idempotencyKey: $idempotencyKey) {
      id
      status
    }
  }
`);

export const MyPairingsQuery = graphql(`
  query MyPairings($status: PairingStatus) {
    myPairings(status: $status) {
      id
      status
      proposedBy
      proposalNote
      proposedAt
      acceptedAt
      contactConsent
      endedAt
      endReason
      pairedHousehold {
        blockCode
        needs
        salutation
        contactPhone
      }
      checkIns(first: 20) {
        id
        kind
        help
        happenedAt
        loggedAt
      }
    }
  }
`);

export const LogCheckInMutation = graphql(`
  mutation LogCheckIn($input: LogCheckInInput!, $idempotencyKey: String!) {
    logCheckIn(input: $input, idempotencyKey: $idempotencyKey) {
      id
      kind
      help
      happenedAt
      loggedAt
    }
  }
`);

export const EndPairingMutation = graphql(`
  mutation EndPairing($id: ID!, $reason: PairingEndReason!, $note: String) {
    endPairing(id: $id, reason: $reason, note: $note) {
      id
      status
      endedAt
      endReason
    }
  }
`);

/** A street officer's queue: the street's registrations waiting to be vetted. */
export const PendingPartnersQuery = graphql(`
  query PendingPartners($street: ID!, $after: String) {
    partners(street: $street, status: PENDING, first: 20, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          kind
          creditCode
          contactPerson
          contactPhone
          services
          capacity
          registeredAt
        }
      }
    }
  }
`);

export const ApprovePartnerMutation = graphql(`
  mutation ApprovePartner($id: ID!, $vettingNotes: String!, $approvedUntil: DateTime!) {
    approvePartner(id: $id, vettingNotes: $vettingNotes, approvedUntil: $approvedUntil) {
      id
      status
      approvedUntil
    }
  }
`);

export const RejectPartnerMutation = graphql(`
  mutation RejectPartner($id: ID!, $vettingNotes: String!) {
    rejectPartner(id: $id, vettingNotes: $vettingNotes) {
      id
      status
    }
  }
`);

/** The organisation's members and their home blocks (its own accounts and its vetting officers only). */
export const PartnerMembersQuery = graphql(`
  query PartnerMembers($id: ID!) {
    partner(id: $id) {
      id
      memberCount
      members(first: 100) {
        id
        name
        homeBlockCode
        registeredAt
      }
    }
  }
`);

/** Registers a member at the block they live in; its key is the form's, so a retry stores one member. */
export const RegisterPartnerMemberMutation = graphql(`
  mutation RegisterPartnerMember($input: RegisterPartnerMemberInput!, $idempotencyKey: String!) {
    registerPartnerMember(input: $input, idempotencyKey: $idempotencyKey) {
      id
      name
      homeBlockCode
      registeredAt
    }
  }
`);
