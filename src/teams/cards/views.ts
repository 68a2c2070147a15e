import * as ACData from 'adaptivecards-templating';
import applicationForm from './application-form.json';
import applicationReview from './application-review.json';
import applicationStatus from './application-status.json';
import applicationSummary from './application-summary.json';
import concern from './concern.json';
import concernForm from './concern-form.json';
import coordinators from './coordinators.json';
import endMatch from './end-match.json';
import error from './error.json';
import evaluationForm from './evaluation-form.json';
import certificates from './certificates.json';
import nextChoice from './next-choice.json';
import match from './match.json';
import meetingOffer from './meeting-offer.json';
import session from './session.json';
import sessionForm from './session-form.json';
import sessionPick from './session-pick.json';
import matchingProposal from './matching-proposal.json';
import mentorProfile from './mentor-profile.json';
import mentorSuggestions from './mentor-suggestions.json';
import notice from './notice.json';
import pendingApplications from './pending-applications.json';
import programmeMatches from './programme-matches.json';
import reports from './reports.json';
import setupForm from './setup-form.json';
import signpostingForm from './signposting-form.json';
import welcome from './welcome.json';
import type { AdaptiveCardJson, CardView, CardViews } from './models';
import { PREPARE, prune } from './prepare';

export type * from './models';

/**
 * Renders the card templates (src/teams/cards/*.json, Adaptive Cards 1.5) with their typed data models.
 * Templates may contain `{ "$include": "<fragment>" }`, replaced at load time, so the application summary
 * is written once for the applicant's and the coordinators' cards.
 */

const FRAGMENTS: Record<string, unknown> = { 'application-summary': applicationSummary };

const SOURCES: Record<CardView, unknown> = {
  welcome,
  applicationForm,
  applicationStatus,
  applicationReview,
  setupForm,
  coordinators,
  notice,
  error,
  mentorSuggestions,
  match,
  mentorProfile,
  matchingProposal,
  programmeMatches,
  concernForm,
  concern,
  signpostingForm,
  meetingOffer,
  sessionForm,
  session,
  sessionPick,
  endMatch,
  evaluationForm,
  certificates,
  nextChoice,
  pendingApplications,
  reports,
};

function resolveIncludes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(resolveIncludes);
  if (node === null || typeof node !== 'object') return node;
  const include = (node as Record<string, unknown>).$include;
  if (typeof include === 'string') {
    if (!(include in FRAGMENTS)) throw new Error(`Unknown card fragment: ${include}`);
    return resolveIncludes(structuredClone(FRAGMENTS[include]));
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveIncludes(v)]));
}

// Parsed once at load: expanding a Template does not change it, so one instance serves every render.
const TEMPLATES = Object.fromEntries(
  (Object.keys(SOURCES) as CardView[]).map((view) => [view, new ACData.Template(resolveIncludes(SOURCES[view]))]),
) as Record<CardView, ACData.Template>;

/** Every view name. */
export const CARD_VIEWS: readonly CardView[] = Object.keys(SOURCES) as CardView[];

/** True when `name` is a card view (e.g. a view name read back from the outbox). */
export function isCardView(name: string): name is CardView {
  return Object.prototype.hasOwnProperty.call(SOURCES, name);
}

/** Expands the template of `view` with `data` and returns the card JSON. */
export function renderCard<V extends CardView>(view: V, data: CardViews[V]): AdaptiveCardJson {
  const prepared = PREPARE[view](data);
  const expanded = TEMPLATES[view].expand({ $root: prepared });
  return prune(expanded) as AdaptiveCardJson;
}
