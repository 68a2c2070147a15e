/** The person on whose behalf a use case runs, as established by the Teams adapter from the activity. */
export interface Actor {
  tenantId: string;
  /** Entra object id. Never taken from card data. */
  personId: string;
  name: string;
  /** Their sign-in address (user principal name), once Teams has told the app. */
  email?: string;
}

/** Conversation keys: where outgoing messages go. */
export const conversationKey = {
  personal: (personId: string): string => `user:${personId}`,
  channel: (conversationId: string): string => `channel:${conversationId}`,
};

/** Card copies are recorded per audience, so each audience's copies can be refreshed with its own view. */
export const CARD_SUBJECT = {
  /** A coordinator's review card for an application. */
  applicationReview: 'application:review',
  /** The applicant's own status card for an application. */
  applicationStatus: 'application:status',
  /** The mentor's card for a match request. */
  matchMentor: 'match:mentor',
  /** The mentee's card for their request. */
  matchMentee: 'match:mentee',
} as const;
