// A block's team is place data of its block: named on the block's board for those who work there.

/** The scope a team member's type checks before any of their fields resolve. */
export const readTeamMember = (member: { blockCode: string }) => ({ readPlace: member.blockCode });
