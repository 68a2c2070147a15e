import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import { StaleError, ValidationError } from '../../domain/errors';
import type { Actor } from '../../services/actor';
import type { MentorProfilesService } from '../../services/mentor-profiles.service';
import { VERBS } from '../cards/verbs';
import { profileCard } from '../match-presenters';
import { payloads } from '../payloads';
import { failureCard, onExecute, type Card } from '../respond';

/** Dependencies of the mentor profile flow. */
export interface ProfileFlowDeps {
  profiles: MentorProfilesService;
}

/** "my profile": the approved mentor's profile card. */
export async function openProfile(
  deps: ProfileFlowDeps,
  actor: Actor,
  applicationId?: string,
  notice?: string,
): Promise<Card> {
  return profileCard(await deps.profiles.view(actor, applicationId), { notice });
}

export function registerProfileFlow(app: TeamsApplication<TurnState>, deps: ProfileFlowDeps): void {
  onExecute(app, VERBS.profileOpen, payloads.profileOpen, async (_context, actor, data) =>
    openProfile(deps, actor, data.applicationId),
  );

  onExecute(
    app,
    VERBS.profileSave,
    payloads.profileSave,
    async (_context, actor, data) => {
      const view = await deps.profiles.edit(actor, data);
      return profileCard(view, { notice: 'Your profile is saved. Mentees see the new version from now on.' });
    },
    async (_context, actor, data, e) => {
      if (e instanceof ValidationError && Object.keys(e.details).length) {
        const view = await deps.profiles.view(actor, data.applicationId);
        const { bio, capacity, topics, meetingPreference } = data;
        return profileCard(view, {
          values: { bio: bio.slice(0, 2_000), capacity, topics: topics.slice(0, 2_000), meetingPreference },
          errors: e.details,
        });
      }
      return staleAsCurrent(deps, actor, data.applicationId, e);
    },
  );

  const pause = (verb: string, paused: boolean) =>
    onExecute(
      app,
      verb,
      payloads.profileRef,
      async (_context, actor, data) => {
        const view = await deps.profiles.setPaused(actor, data, paused);
        return profileCard(view, {
          notice: paused
            ? 'Paused: you are not shown to mentees and cannot be requested until you resume. Your current mentees are not affected.'
            : 'Resumed: mentees can find and request you again.',
        });
      },
      (_c, actor, data, e) => staleAsCurrent(deps, actor, data.applicationId, e),
    );
  pause(VERBS.profilePause, true);
  pause(VERBS.profileResume, false);
}

async function staleAsCurrent(
  deps: ProfileFlowDeps,
  actor: Actor,
  applicationId: string,
  e: unknown,
): Promise<Card | undefined> {
  if (!(e instanceof StaleError)) return undefined;
  try {
    return await openProfile(deps, actor, applicationId, e.message);
  } catch (inner) {
    return failureCard(inner);
  }
}
