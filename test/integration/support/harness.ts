import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import type { JWTVerifyGetKey } from 'jose';
import { composeService, type ComposedService } from '../../../src/compose';
import { loadConfig } from '../../../src/config';
import type { JobRunner } from '../../../src/services/job-runner';
import type { CalendarPort } from '../../../src/services/calendar.port';
import type { MatchingSolver } from '../../../src/services/matching-solver';
import type { OutboxDispatcher } from '../../../src/services/outbox-dispatcher';
import type { Actor } from '../../../src/services/actor';
import type { Clock, Store } from '../../../src/services/ports';
import type { Services } from '../../../src/services/services';
import type { MentoringBot } from '../../../src/teams/bot';
import { setErrorLogger } from '../../../src/teams/respond';
import { actionNamed, actionsOf, textOf, type Card } from './cards';
import { cardOf, FakeConnector } from './fake-connector';

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(public current = new Date('2027-03-01T10:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** What one turn produced: messages the bot posted, and the card an Action.Execute answered with. */
export interface TurnResult {
  sent: Partial<Activity>[];
  /** Cards among `sent`, with the message id the adapter gave each (to click on later). */
  cards: { id: string; card: Card }[];
  invokeCard?: Card;
  invokeStatus?: number;
}

/**
 * The service as src/index.ts wires it (`composeService`: store, services, bot, CloudAdapter, messenger,
 * dispatcher, job runner) on a real SQLite file, with turns driven through botbuilder's TestAdapter so their
 * replies can be read, and proactive messages delivered by the real dispatcher to a fake Bot Connector.
 */
export class Harness {
  /**
   * `solver` replaces the worker-thread solver (tests that must decide when a run finishes); `owner` names this
   * instance's claims (two instances on one database need two names); `env` adds settings; `calendar` wraps the
   * configured calendar (busy time, failures).
   */
  constructor(
    private readonly options: {
      solver?: MatchingSolver;
      owner?: string;
      env?: Record<string, string>;
      entraKeys?: JWTVerifyGetKey;
      calendar?: (offline: CalendarPort) => CalendarPort;
    } = {},
  ) {}

  readonly clock = new TestClock();
  readonly connector = new FakeConnector();
  readonly errors: string[] = [];
  store!: Store;
  bot!: MentoringBot;
  applications!: Services['applications'];
  programmes!: Services['programmes'];
  directory!: Services['directory'];
  dispatcher!: OutboxDispatcher;
  matching!: Services['matching'];
  matches!: Services['matches'];
  autoMatching!: Services['autoMatching'];
  profiles!: Services['profiles'];
  meetings!: Services['meetings'];
  sessions!: Services['sessions'];
  /** The job runner with the matching handlers registered, as src/index.ts wires it. */
  jobs!: JobRunner;
  dbFile = '';
  private dir = '';
  private adapter!: TestAdapter;

  async start(): Promise<this> {
    this.dir = mkdtempSync(join(tmpdir(), 'mentoring-it-'));
    this.dbFile = join(this.dir, 'test.db');
    return this.open();
  }

  /** A second service instance (or a restarted one) on the same database file and connector. */
  async startOn(other: Harness): Promise<this> {
    this.dir = other.dir;
    this.dbFile = other.dbFile;
    this.clock.current = other.clock.now();
    this.sharedConnector = other.connector;
    return this.open();
  }

  /** Stops this instance but leaves the database file for the harness it was started on. */
  async stopKeepingFiles(): Promise<void> {
    await this.store.close();
  }

  /** The same Teams user as seen by this instance. */
  userLike(u: TestUser): TestUser {
    return new TestUser(this, this.adapter, u.name, u.tenant, u.id);
  }

  private sharedConnector?: FakeConnector;

  get connectorInUse(): FakeConnector {
    return this.sharedConnector ?? this.connector;
  }

  /** The composed service: the same wiring as production. */
  service!: ComposedService;
  /** What the service logged (dispatcher retries, dead messages). */
  readonly log: string[] = [];

  private async open(): Promise<this> {
    const config = loadConfig({ NODE_ENV: 'test', SQLITE_FILE: this.dbFile, SEED_DEMO: 'false', ...this.options.env });
    this.service = await composeService(config, {
      clock: this.clock,
      owner: this.options.owner ?? 'test-dispatcher',
      random: () => 0.5,
      solver: this.options.solver,
      calendar: this.options.calendar,
      entraKeys: this.options.entraKeys,
      log: (line) => this.log.push(line),
      dispatcher: { sleep: async (ms) => this.clock.advance(ms) },
    });
    const services = this.service.services;
    this.store = this.service.store;
    ({
      directory: this.directory,
      programmes: this.programmes,
      applications: this.applications,
      matching: this.matching,
      matches: this.matches,
      autoMatching: this.autoMatching,
      profiles: this.profiles,
      meetings: this.meetings,
      sessions: this.sessions,
    } = services);
    this.jobs = this.service.jobs;
    this.dispatcher = this.service.dispatcher;
    this.bot = this.service.bot;
    setErrorLogger((m, e) => this.errors.push(`${m}: ${(e as Error)?.stack ?? e}`));
    this.adapter = new TestAdapter((ctx) => this.bot.run(ctx));
    if (!this.sharedConnector) await this.connector.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.connector.stop();
    await this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A Teams user in a tenant, chatting with the bot in their personal chat. */
  user(name: string, opts: { tenant?: string; aadObjectId?: string } = {}): TestUser {
    return new TestUser(this, this.adapter, name, opts.tenant ?? TENANT_A, opts.aadObjectId ?? randomUUID());
  }

  /** Delivers the outbox (as the background dispatcher would); returns how many messages went out. */
  async deliver(): Promise<number> {
    let sent = await this.dispatcher.runOnce();
    // Messages put back only for pacing (no failure recorded) go out as soon as their slot comes, as they would
    // with the dispatcher polling: move the clock to that slot. Retries after failures wait for the test.
    for (;;) {
      const paced = (await Promise.all((await this.store.tenants.list()).map((t) => this.store.outbox.list(t.id))))
        .flat()
        .filter(
          (m) =>
            m.status === 'pending' &&
            m.lastError === undefined &&
            Date.parse(m.nextAttemptAt) > this.clock.now().getTime(),
        );
      if (paced.length === 0) return sent;
      this.clock.current = new Date(Math.min(...paced.map((m) => Date.parse(m.nextAttemptAt))));
      sent += await this.dispatcher.runOnce();
    }
  }

  /**
   * `user` applies through the bot and `coordinator` approves from the review card they were sent; returns the
   * approved application's id.
   */
  async approved(
    user: TestUser,
    role: 'mentee' | 'mentor',
    inputs: Record<string, string>,
    coordinator: TestUser,
  ): Promise<string> {
    const form = (await user.execute('app.open', { role })).cards[0];
    const submitted = await user.clickVerb(form, 'app.submit', inputs);
    if (!/Application submitted/.test(textOf(submitted.invokeCard!)))
      throw new Error(`${user.name}'s ${role} application was not submitted: ${textOf(submitted.invokeCard!)}`);
    await this.deliver();
    const review = coordinator
      .delivered()
      .filter((c) => c.method === 'POST')
      .at(-1)!;
    await coordinator.clickVerb(review, 'app.approve');
    await this.deliver();
    const app = (await this.applications.mine(await user.actor())).find(
      (v) => v.application.role === role,
    )!.application;
    if (app.status !== 'approved') throw new Error(`${user.name}'s ${role} application is ${app.status}, not approved`);
    return app.id;
  }

  /**
   * `user` types "run matching": returns the card they see once the run has been solved off the request path
   * and the outbox has delivered it (the "Matching…" card updated in place), or the refusal shown at once.
   */
  async runMatching(user: TestUser): Promise<{ id: string; card: Card }> {
    const started = (await user.say('run matching')).cards[0];
    if (!/^Matching /.test(textOf(started.card))) return started;
    await this.autoMatching.settled();
    await this.deliver();
    const ready = user
      .delivered()
      .filter((c) => c.method === 'PUT' && c.id === started.id)
      .at(-1);
    if (!ready) throw new Error(`the "Matching…" card was never updated: ${textOf(started.card)}`);
    return { id: ready.id, card: ready.card };
  }

  /** Seeds a programme in `tenant` with `coordinator` as its coordinator (what `npm start` does locally). */
  async seed(coordinator: TestUser): Promise<string> {
    const tenant = await this.directory.tenantFor(coordinator.tenant);
    return (await this.programmes.seedDemo(tenant.id, { personId: coordinator.id, name: coordinator.name })).id;
  }
}

export const TENANT_A = '11111111-1111-4111-8111-111111111111';
export const TENANT_B = '22222222-2222-4222-8222-222222222222';

/** One Teams user: sends messages and clicks card buttons, as the Teams client would. */
export class TestUser {
  constructor(
    private readonly h: Harness,
    private readonly adapter: TestAdapter,
    readonly name: string,
    readonly tenant: string,
    readonly id: string,
  ) {}

  /** This user as the use cases see them (tenant resolved from their Entra tenant id). */
  async actor(): Promise<Actor> {
    return { tenantId: await this.tenantId(), personId: this.id, name: this.name };
  }

  /** The app's id of this user's tenant. */
  async tenantId(): Promise<string> {
    return (await this.h.directory.tenantFor(this.tenant)).id;
  }

  /** The personal-chat conversation id (what the fake connector sees proactive messages addressed to). */
  get conversationId(): string {
    return `a:personal-${this.id}`;
  }

  private base(): Partial<Activity> {
    return {
      channelId: 'msteams',
      serviceUrl: this.h.connectorInUse.url,
      from: { id: `29:${this.id}`, name: this.name, aadObjectId: this.id },
      recipient: { id: '28:mentoring-bot', name: 'IMG Mentoring' },
      conversation: {
        id: this.conversationId,
        conversationType: 'personal',
        tenantId: this.tenant,
        isGroup: false,
        name: '',
      },
      channelData: { tenant: { id: this.tenant } },
      locale: 'en-GB',
    };
  }

  async say(text: string): Promise<TurnResult> {
    return this.turn({ ...this.base(), type: ActivityTypes.Message, text });
  }

  /** Posts in a team channel, @mentioning the bot as Teams requires for the bot to hear it. */
  async sayInChannel(channelId: string, text: string): Promise<TurnResult> {
    return this.turn({
      ...this.base(),
      ...this.channel(channelId),
      type: ActivityTypes.Message,
      text: `<at>IMG Mentoring</at> ${text}`,
      entities: [
        {
          type: 'mention',
          text: '<at>IMG Mentoring</at>',
          mentioned: { id: '28:mentoring-bot', name: 'IMG Mentoring' },
        },
      ],
    });
  }

  /** Clicks a button on a card posted in a team channel. */
  async clickInChannel(
    channelId: string,
    card: { id: string; card: Card },
    verb: string,
    inputs: Record<string, string> = {},
  ): Promise<TurnResult> {
    const action = actionsOf(card.card).find((a) => a.verb === verb);
    if (!action) throw new Error(`no ${verb} button on card`);
    return this.execute(action.verb, { ...action.data, ...inputs }, card.id, this.channel(channelId));
  }

  private channel(channelId: string): Partial<Activity> {
    return {
      conversation: {
        id: `${channelId};messageid=1700000000000`,
        conversationType: 'channel',
        tenantId: this.tenant,
        isGroup: true,
        name: '',
      },
      channelData: { tenant: { id: this.tenant }, team: { id: 'team-1' }, channel: { id: channelId } },
    };
  }

  /** Sends any other activity (e.g. a conversationUpdate) from this user's personal chat. */
  async event(activity: Partial<Activity>): Promise<TurnResult> {
    return this.turn({ ...this.base(), ...activity });
  }

  /** Sends an Action.Execute invoke with exactly `data` (tests of forged payloads use this directly). */
  async execute(
    verb: string,
    data: Record<string, unknown>,
    replyToId = `card-${randomUUID()}`,
    extra: Partial<Activity> = {},
  ): Promise<TurnResult> {
    return this.turn({
      ...this.base(),
      ...extra,
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      replyToId,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
  }

  /** Clicks the button titled `title` on a card, sending its data merged with the given input values. */
  async click(
    card: { id: string; card: Card },
    title: string,
    inputs: Record<string, string> = {},
  ): Promise<TurnResult> {
    const action = actionNamed(card.card, title);
    return this.execute(action.verb, { ...action.data, ...inputs }, card.id);
  }

  /** Clicks the (first) button with this verb, e.g. `app.approve`, merging input values as the client does. */
  async clickVerb(
    card: { id: string; card: Card },
    verb: string,
    inputs: Record<string, string> = {},
  ): Promise<TurnResult> {
    const action = actionsOf(card.card).find((a) => a.verb === verb);
    if (!action)
      throw new Error(
        `no ${verb} button on card; verbs: ${actionsOf(card.card)
          .map((a) => a.verb)
          .join(', ')}`,
      );
    return this.execute(action.verb, { ...action.data, ...inputs }, card.id);
  }

  /** Cards the connector received for this user's personal chat (proactive messages), newest last. */
  delivered(): { id: string; card: Card; method: 'POST' | 'PUT' }[] {
    return this.h.connectorInUse
      .to(this.conversationId)
      .map((c) => ({ id: c.id, card: cardOf(c.activity), method: c.method }));
  }

  /** Raw connector calls for this user's chat, with their cards. */
  connectorCalls(): { method: 'POST' | 'PUT'; activityId?: string; id: string; card: Card }[] {
    return this.h.connectorInUse
      .to(this.conversationId)
      .map((c) => ({ method: c.method, activityId: c.activityId, id: c.id, card: cardOf(c.activity) }));
  }

  private async turn(activity: Partial<Activity>): Promise<TurnResult> {
    await this.adapter.processActivity(activity);
    const sent: Partial<Activity>[] = [];
    let next: Partial<Activity> | undefined;
    while ((next = this.adapter.getNextReply())) sent.push(next);
    const invoke = sent.find((a) => a.type === 'invokeResponse');
    const body = invoke?.value as { status?: number; body?: { type?: string; value?: Card } } | undefined;
    const messages = sent.filter((a) => a.type === ActivityTypes.Message);
    return {
      sent: messages,
      cards: messages
        .filter((m) => m.attachments?.length)
        .map((m) => ({ id: String(m.id), card: cardOf(m as Record<string, any>) })),
      invokeCard: body?.body?.type === 'application/vnd.microsoft.card.adaptive' ? body.body.value : undefined,
      invokeStatus: body?.status,
    };
  }
}
