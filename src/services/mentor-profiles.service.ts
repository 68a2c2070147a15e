import type { Application } from '../domain/application';
import { ForbiddenError, NotFoundError, StaleError } from '../domain/errors';
import {
  profileFromApplication,
  validateProfileEdit,
  type MentorProfileRecord,
  type ProfileEdit,
} from '../domain/mentor-profile';
import { currentProgramme, type Programme } from '../domain/programme';
import type { Actor } from './actor';
import { heldApplicationOf } from './held-application';
import type { Clock, Store, TenantTx } from './ports';

/** A mentor's profile with the application and programme it belongs to. */
export interface ProfileView {
  profile: MentorProfileRecord;
  application: Application;
  programme: Programme;
}

/**
 * Mentor profiles (SPEC §3.2): the approved mentor application is the profile; the mentor edits bio,
 * capacity (within the programme's bounds, never below the mentees they have), topics and meeting preference,
 * and pauses or resumes. Every change is versioned and audited.
 */
export class MentorProfilesService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The actor's profile: by application id, or their approved mentor application in the current programme. */
  async view(actor: Actor, applicationId?: string): Promise<ProfileView> {
    return this.store.inTenant(actor.tenantId, async (tx) => this.load(tx, actor, applicationId));
  }

  async edit(actor: Actor, ref: { applicationId: string; version: number } & ProfileEdit): Promise<ProfileView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const view = await this.load(tx, actor, ref.applicationId);
      const fields = validateProfileEdit(ref, view.programme.settings.mentorCapacity, view.profile.inUse);
      return this.save(tx, actor, view, ref.version, { ...view.profile, ...fields }, 'edit');
    });
  }

  async setPaused(
    actor: Actor,
    ref: { applicationId: string; version: number },
    paused: boolean,
  ): Promise<ProfileView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const view = await this.load(tx, actor, ref.applicationId);
      if (view.profile.paused === paused)
        throw new StaleError(paused ? 'Your profile is already paused.' : 'Your profile is already taking mentees.');
      return this.save(tx, actor, view, ref.version, { ...view.profile, paused }, paused ? 'pause' : 'resume');
    });
  }

  private async save(
    tx: TenantTx,
    actor: Actor,
    view: ProfileView,
    seenVersion: number,
    changed: MentorProfileRecord,
    action: string,
  ): Promise<ProfileView> {
    if (seenVersion !== view.profile.version)
      throw new StaleError('Your profile changed since this card was shown; here is the current version.');
    const at = this.clock.now().toISOString();
    const next = { ...changed, version: view.profile.version + 1, updatedAt: at };
    if (!(await tx.mentorProfiles.update(next, view.profile.version))) {
      throw new StaleError(
        'Your profile changed a moment ago (for example a mentee was accepted); here is the current version.',
      );
    }
    await tx.audit.append({
      tenantId: actor.tenantId,
      at,
      actorId: actor.personId,
      entityType: 'mentor-profile',
      entityId: next.applicationId,
      action,
      toStatus: next.paused ? 'paused' : 'active',
      detail: `capacity ${next.capacity} v${next.version}`,
    });
    return { ...view, profile: next };
  }

  /** Only the mentor sees their own profile here (SPEC §8); an approved mentor application is required. */
  private async load(tx: TenantTx, actor: Actor, applicationId?: string): Promise<ProfileView> {
    let application: Application | undefined;
    if (applicationId) {
      application = await tx.applications.get(applicationId);
      if (!application || application.personId !== actor.personId)
        throw new NotFoundError('That mentor profile does not exist in your organisation.');
    } else {
      const programme = currentProgramme(await tx.programmes.list());
      application = programme && (await heldApplicationOf(tx, programme.id, actor.personId, 'mentor'));
    }
    if (!application || application.role !== 'mentor' || application.status !== 'approved') {
      throw new ForbiddenError(
        'Your mentor profile opens once your mentor application is approved. Type "my applications" to see where it is.',
      );
    }
    const programme = await tx.programmes.get(application.programmeId);
    if (!programme) throw new NotFoundError('The programme of this profile no longer exists.');
    let profile = await tx.mentorProfiles.get(application.id);
    if (!profile) {
      await tx.mentorProfiles.insertIfAbsent(profileFromApplication(application, this.clock.now().toISOString()));
      profile = (await tx.mentorProfiles.get(application.id))!;
    }
    return { profile, application, programme };
  }
}
