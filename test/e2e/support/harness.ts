/**
 * End-to-end harness: the real built service (fresh SQLite file, demo seed) + Microsoft 365 Agents
 * Playground pointed at it + Debian's Chromium driven by playwright-core. Facts it relies on are in
 * docs/playground.md (stdin held open, config chosen by M365_AGENTS_PLAYGROUND_CONFIG_PATH, card
 * inputs found by label because the renderer generates element ids, no page reloads).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { loadConfig } from '../../../src/config';
import { OfflineCalendar } from '../../../src/graph/offline-calendar';
import { DateHolidaysCalendar } from '../../../src/holidays/date-holidays';
import type { Store } from '../../../src/services/ports';
import { createServices, seedDemo } from '../../../src/services/services';
import { openStore } from '../../../src/store';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const RESULTS = path.join(ROOT, 'test-results');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Runs in the page (the project's TypeScript has no DOM lib, hence a string). Bot messages carry a "Message author" header. */
const REPLY_AFTER = `(text) => {
  const rail = document.querySelector('[aria-label="Chat and Teams Channel"]');
  const visible = (e) => e.getClientRects().length > 0;
  const mine = [...document.querySelectorAll('body *')]
    .filter((e) => e.children.length === 0 && e.textContent.trim() === text && !(rail && rail.contains(e)) && visible(e))
    .pop();
  if (!mine) return false;
  return [...document.querySelectorAll('[aria-label="Message author"]')]
    .some((a) => visible(a) && (mine.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING));
}`;
const EDITOR = '[data-lexical-editor="true"]';
/** Runs in the page: the text of the Playground's Log Panel (the nearest box around its title that holds timestamped entries). */
const LOG_PANEL_TEXT = `(() => {
  const title = [...document.querySelectorAll('body *')].find((e) => e.children.length === 0 && e.textContent.trim() === 'Log Panel');
  let box = title;
  while (box && !/\\[\\d\\d:\\d\\d:\\d\\d\\]/.test(box.innerText)) box = box.parentElement;
  return box ? box.innerText : '';
})()`;
/** Top-level cards only (a ShowCard nests another .ac-adaptiveCard). */
const CARD = '.ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)';
/** The left rail repeats the last message as a preview; never match text there. */
const OUTSIDE_RAIL = ':not([aria-label="Chat and Teams Channel"] *)';

export const PLAYGROUND_USERS = {
  coordinator: '.m365agentsplayground.yml',
  mentee: '.m365agentsplayground.mentee.yml',
} as const;
export type PlaygroundUser = keyof typeof PLAYGROUND_USERS;

export interface HarnessOptions {
  /** Which Playground config to act as (default coordinator), or an explicit config file path. */
  user?: PlaygroundUser;
  configFile?: string;
  /**
   * Several users, one Playground (and Chromium page) each, against the one service; pages open in this
   * order. Overrides `user` and `configFile`. Reach each page with `harness.as(user)`.
   */
  users?: PlaygroundUser[];
  /** Extra environment for the service (after the harness's own settings). */
  env?: Record<string, string>;
  /**
   * Writes records into the service's SQLite file before the service starts, with the app's own store
   * (src/store). Runs after the migration and the demo seed the service itself would run, so `tenantId` is
   * the demo tenant and its one programme exists; the service then finds both and adds nothing. For
   * preconditions a test cannot click through (e.g. the only coordinator's own approved application).
   */
  seed?: (store: Store, tenantId: string) => Promise<void>;
  /** Default wait for text, buttons and inputs, in ms (default 30 s). */
  timeoutMs?: number;
  /**
   * Run this Node script as the service instead of the built dist/src/index.js (to check the harness
   * against a stand-in). Defaults to the E2E_SERVICE_ENTRY environment variable when set.
   */
  serviceEntry?: string;
}

/** An input or action as the bot sent it (read from the Playground's websocket, not the DOM). */
export interface CardInput {
  type: string;
  id: string;
  label?: string;
  placeholder?: string;
  title?: string;
  isMultiSelect?: boolean;
  choices: { title: string; value: string }[];
}
export interface CardAction {
  type: string;
  title: string;
  verb?: string;
  /** Action.OpenUrl's address. */
  url?: string;
}
interface RecordedCard {
  inputs: CardInput[];
  actions: CardAction[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function asString(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Every AdaptiveCard object inside a websocket frame, with its inputs and actions flattened. */
function cardsIn(frame: Json): RecordedCard[] {
  const found: RecordedCard[] = [];
  const visit = (node: Json, card: RecordedCard | undefined): void => {
    if (Array.isArray(node)) return node.forEach((child) => visit(child, card));
    if (!node || typeof node !== 'object') return;
    const type = asString(node.type) ?? '';
    let current = card;
    if (type === 'AdaptiveCard' && !card) {
      current = { inputs: [], actions: [] };
      found.push(current);
    }
    if (current && type.startsWith('Input.') && asString(node.id)) {
      const choices = Array.isArray(node.choices) ? node.choices : [];
      current.inputs.push({
        type,
        id: asString(node.id)!,
        label: asString(node.label),
        placeholder: asString(node.placeholder),
        title: asString(node.title),
        isMultiSelect: node.isMultiSelect === true,
        choices: choices.flatMap((c) =>
          c && typeof c === 'object' && !Array.isArray(c) && asString(c.title) !== undefined
            ? [{ title: asString(c.title)!, value: asString(c.value) ?? '' }]
            : [],
        ),
      });
    }
    if (current && type.startsWith('Action.') && asString(node.title)) {
      current.actions.push({ type, title: asString(node.title)!, verb: asString(node.verb), url: asString(node.url) });
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'choices') visit(child, current);
  };
  visit(frame, undefined);
  return found;
}

let builtThisProcess = false;

/** Build with tsc unless dist/src/index.js is newer than every file under src/ (npm test builds first). */
export function ensureBuilt(): string {
  const entry = path.join(ROOT, 'dist', 'src', 'index.js');
  if (builtThisProcess && existsSync(entry)) return entry;
  const newestSource = newestMtime(path.join(ROOT, 'src'));
  if (!existsSync(entry) || statSync(entry).mtimeMs < newestSource) {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tsc failed:\n${result.stdout}${result.stderr}`);
  }
  if (!existsSync(entry)) throw new Error(`${entry} missing after the build: does src/index.ts exist?`);
  builtThisProcess = true;
  return entry;
}

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Ports handed out by {@link freePort} in this process, so two callers starting at once never get the same one. */
const handedOut = new Set<number>();

/** A port nothing listens on now and this process has not handed out before. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await ephemeralPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port found');
}

function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a label's text exactly, allowing the " *" the renderer appends to required inputs. */
function labelText(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*\\*?\\s*$`, 'i');
}

const live = new Set<PlaygroundHarness>();
process.once('exit', () => {
  for (const harness of live) harness.killNow();
});

class Child {
  readonly output: string[] = [];
  exited: string | undefined;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) if (line) this.output.push(line);
      if (this.output.length > 2000) this.output.splice(0, this.output.length - 2000);
    };
    process.stdout?.on('data', collect);
    process.stderr?.on('data', collect);
    process.once('exit', (code, signal) => {
      this.exited = signal ?? `exit code ${code}`;
    });
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.stdin?.end();
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** Waits for `check`, failing early if `child` exits. */
async function until(what: string, timeoutMs: number, child: Child, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (child.exited) throw new Error(`${child.name} exited (${child.exited}) while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function fileName(name: string): string {
  return name.replace(/[^\w.-]+/g, '-');
}

/**
 * One Agents Playground process acting as one user (its config file), with its own Chromium context and
 * page, and the cards that page received. Several can run against one service (see
 * {@link PlaygroundHarness.start} with `users`).
 */
export class PlaygroundSession {
  private playground: Child | undefined;
  private context: BrowserContext | undefined;
  private pageRef: Page | undefined;
  /** Cards the bot sent, oldest first, as read from the Playground's websocket and invoke responses. */
  private readonly cards: RecordedCard[] = [];
  /** The Playground's log file (its console output; the Log Panel is in the page). */
  readonly logFile: string;
  playgroundUrl = '';

  constructor(
    /** Who this page acts as: 'coordinator', 'mentee', or the config file's name. */
    readonly name: string,
    readonly configFile: string,
    private readonly dir: string,
    readonly timeoutMs: number,
  ) {
    mkdirSync(dir, { recursive: true });
    this.logFile = path.join(dir, 'playground.log');
  }

  get page(): Page {
    if (!this.pageRef) throw new Error(`the Playground page of ${this.name} is not open`);
    return this.pageRef;
  }

  /** Starts the Playground pointed at the service's /api/messages and waits until it serves its page. */
  async startPlayground(botUrl: string): Promise<void> {
    if (!existsSync(this.configFile)) throw new Error(`Playground config ${this.configFile} not found`);
    const port = await freePort();
    const cli = path.join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
    const args = [cli, '-e', `${botUrl}/api/messages`, '-c', 'msteams', '-p', String(port), '--dt'];
    const env = {
      ...process.env,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: this.configFile,
      M365_AGENTS_PLAYGROUND_LOGFILE: this.logFile,
      TEAMSAPPTESTER_BROWSER: 'none',
    };
    // stdin is a pipe we never end: the Playground exits when its standard input closes. Its own
    // directory as cwd, so two Playgrounds never share a devTools/ folder.
    const child = spawn(process.execPath, args, { cwd: this.dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.playground = new Child(`playground:${this.name}`, child);
    const playground = this.playground;
    // If the port was taken meanwhile the Playground silently picks another; read the one it reports.
    await until(`the ${this.name} Playground to listen`, 60_000, playground, async () => {
      const line = playground.output.find((l) => /Listening on \d+/.test(l));
      if (!line) return false;
      this.playgroundUrl = `http://localhost:${/Listening on (\d+)/.exec(line)![1]}`;
      return httpOk(this.playgroundUrl);
    });
  }

  /** Opens this user's page in its own browser context (page load = install events for the personal chat). */
  async openPage(browser: Browser): Promise<void> {
    this.context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    this.context.setDefaultTimeout(this.timeoutMs);
    this.pageRef = await this.context.newPage();
    this.page.on('websocket', (socket) => {
      if (!socket.url().includes('_ws_conversation')) return;
      socket.on('framereceived', ({ payload }) => {
        try {
          this.cards.push(...cardsIn(JSON.parse(payload.toString()) as Json));
        } catch {
          // not JSON: nothing to record
        }
      });
    });
    // Invoke responses (the card that replaces one after Action.Execute) come back over HTTP instead.
    this.page.on('response', (response) => {
      if (!response.url().includes('/_conversation/')) return;
      response
        .json()
        .then((body: Json) => this.cards.push(...cardsIn(body)))
        .catch(() => undefined);
    });
    await this.page.goto(this.playgroundUrl, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await this.page.locator(EDITOR).first().waitFor({ state: 'visible', timeout: 60_000 });
    // The log panel repeats message text; hide it so text waits only see the conversation.
    const logPanel = this.page.getByText('Log Panel', { exact: true });
    if (await logPanel.isVisible()) await this.page.locator('button[title="Toggle Log Panel"]').click();
  }

  /** Types into the compose box and presses Enter. */
  async send(text: string): Promise<void> {
    const editor = this.page.locator(EDITOR).last();
    await editor.click();
    await editor.pressSequentially(text);
    await editor.press('Enter');
  }

  /** Waits until the text is visible in the conversation (substring, case-sensitive unless exact). */
  async waitForText(text: string | RegExp, options: { timeoutMs?: number; exact?: boolean } = {}): Promise<Locator> {
    const match = this.conversationText(text, options.exact);
    await match.last().waitFor({ state: 'visible', timeout: options.timeoutMs ?? this.timeoutMs });
    return match.last();
  }

  /** Waits for any bot message shown after the newest message of ours that reads exactly `sentText`. */
  async waitForReplyAfter(sentText: string, timeoutMs = this.timeoutMs): Promise<void> {
    await this.page.waitForFunction(REPLY_AFTER, sentText, { timeout: timeoutMs, polling: 250 });
  }

  /** How many visible elements in the conversation show the text now (to wait for a new one). */
  async countText(text: string | RegExp, exact?: boolean): Promise<number> {
    return this.conversationText(text, exact).count();
  }

  private conversationText(text: string | RegExp, exact?: boolean): Locator {
    return this.page.getByText(text, { exact }).and(this.page.locator(OUTSIDE_RAIL)).filter({ visible: true });
  }

  /** Every top-level card in the conversation, oldest first (`.last()` is the newest). */
  cardsOnPage(): Locator {
    return this.page.locator(CARD).and(this.page.locator(OUTSIDE_RAIL));
  }

  /** The top-level cards that show this text (all of it must be visible), oldest first. */
  cardsWith(...texts: (string | RegExp)[]): Locator {
    let cards = this.cardsOnPage();
    for (const text of texts) cards = cards.filter({ has: this.page.getByText(text).filter({ visible: true }) });
    return cards;
  }

  /** Waits until the newest card showing all these texts is visible, and returns it. */
  async waitForCard(texts: (string | RegExp)[], timeoutMs = this.timeoutMs): Promise<Locator> {
    const card = this.cardsWith(...texts).last();
    await card.waitFor({ state: 'visible', timeout: timeoutMs });
    return card;
  }

  /** Clicks the button with this exact name on the newest card that has one (or on `card`). */
  async clickButton(name: string, card?: Locator): Promise<void> {
    const button = this.page.getByRole('button', { name, exact: true });
    const target = card ?? this.page.locator(CARD).filter({ has: button }).last();
    await target.getByRole('button', { name, exact: true }).first().click();
  }

  /** Fills a text, number, date (YYYY-MM-DD) or time input on the newest card, found by label, placeholder or `#id`. */
  async fillInput(labelOrPlaceholder: string, value: string): Promise<void> {
    const input = await this.field(labelOrPlaceholder);
    await input.fill(value);
    // Date/time pickers are comboboxes with a popup; leave the field so the value is committed.
    if ((await input.getAttribute('role')) === 'combobox') await input.press('Tab');
  }

  /** Picks option(s) of an Input.ChoiceSet (compact dropdown or expanded radios/checkboxes) by title (or value, with `#id`). */
  async selectChoice(label: string, option: string | string[]): Promise<void> {
    let options = Array.isArray(option) ? option : [option];
    if (label.startsWith('#')) {
      // Tests may name options by value (stable) or by title (what the user sees).
      const { choices } = await this.describeInput(label);
      options = options.map(
        (o) => choices.find((c) => c.title === o)?.title ?? choices.find((c) => c.value === o)?.title ?? o,
      );
    }
    const field = await this.field(label);
    if ((await field.getAttribute('role')) === 'combobox') {
      for (const title of options) {
        if ((await field.getAttribute('aria-expanded')) !== 'true') await field.click();
        // Single-select lists options; multi-select lists menuitemcheckboxes (observed in 0.2.28).
        const item = this.page
          .getByRole('option', { name: title, exact: true })
          .or(this.page.getByRole('menuitemcheckbox', { name: title, exact: true }))
          .first();
        if ((await item.getAttribute('aria-checked')) !== 'true') await item.click();
      }
      if ((await field.getAttribute('aria-expanded')) === 'true') await field.press('Escape');
      return;
    }
    for (const title of options) {
      const optionLabel = field
        .locator('label')
        .filter({ hasText: labelText(title) })
        .first();
      const id = await optionLabel.getAttribute('for');
      if (!id) throw new Error(`choice "${title}" of "${label}" has no input`);
      await this.page.locator(`[id="${id}"]`).check();
    }
  }

  /** Sets an Input.Toggle (found by its label, its title, or `#id`) on or off. */
  async toggle(ref: string, on = true): Promise<void> {
    const label = await this.resolveRef(ref);
    const card = this.page.locator(CARD);
    const byTitle = card.getByRole('checkbox', { name: label });
    const byLabel = card.locator('label').filter({ hasText: labelText(label) });
    await byTitle.or(byLabel).first().waitFor({ state: 'visible' });
    const checkbox = (await byLabel.count()) > 0 ? await this.field(label) : byTitle.last();
    await checkbox.setChecked(on);
  }

  /**
   * The newest input the bot sent with this card input id (`#name` or `name`). Waits for a card that
   * has it. Inputs in the DOM carry generated ids, so `#id` refs are resolved to label/placeholder.
   */
  async describeInput(id: string, timeoutMs = this.timeoutMs): Promise<CardInput> {
    const key = id.replace(/^#/, '');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = this.cards.length - 1; i >= 0; i--) {
        const input = this.cards[i].inputs.find((candidate) => candidate.id === key);
        if (input) return input;
      }
      if (Date.now() > deadline) throw new Error(`no card from the bot has an input with id "${key}"`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Actions of every card the bot sent, newest card first. */
  recordedActions(): CardAction[] {
    return [...this.cards].reverse().flatMap((c) => c.actions);
  }

  /** Actions of the newest card the bot sent that has this input id (e.g. to find the form's submit title). */
  async actionsOfCardWith(inputId: string): Promise<CardAction[]> {
    await this.describeInput(inputId);
    const key = inputId.replace(/^#/, '');
    const card = [...this.cards].reverse().find((c) => c.inputs.some((input) => input.id === key));
    return card ? card.actions : [];
  }

  /** `#id` → the text the input is found by on the page; anything else is used as it is. */
  private async resolveRef(ref: string): Promise<string> {
    if (!ref.startsWith('#')) return ref;
    const input = await this.describeInput(ref);
    const text = input.type === 'Input.Toggle' ? (input.title ?? input.label) : (input.label ?? input.placeholder);
    if (!text) throw new Error(`input ${ref} has no label, placeholder or title to find it by`);
    return text;
  }

  /** The input a card label points at (newest card first), or the input with that placeholder. */
  private async field(ref: string): Promise<Locator> {
    const labelOrPlaceholder = await this.resolveRef(ref);
    const cards = this.page.locator(CARD);
    const label = cards.locator('label').filter({ hasText: labelText(labelOrPlaceholder) });
    const placeholder = cards.getByPlaceholder(labelOrPlaceholder, { exact: true });
    await label.or(placeholder).first().waitFor({ state: 'visible' });
    if ((await label.count()) > 0) {
      const id = await label.last().getAttribute('for');
      if (id) return this.page.locator(`[id="${id}"]`);
    }
    if ((await placeholder.count()) > 0) return placeholder.last();
    throw new Error(`no input labelled "${labelOrPlaceholder}" on the cards`);
  }

  /** Saves a screenshot to test-results/<name>.png and returns its path. */
  async screenshot(name: string, options: { fullPage?: boolean } = {}): Promise<string> {
    mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, `${fileName(name)}.png`);
    await this.page.screenshot({ path: file, fullPage: options.fullPage });
    return file;
  }

  /**
   * On failure, into test-results/: `<name>.png` (the conversation), then the Playground's Log Panel opened
   * (every activity and connector call with its HTTP status) as `<name>.logpanel.png` and its text as
   * `<name>.logpanel.txt`. Never throws.
   */
  async saveDiagnostics(name: string): Promise<void> {
    if (!this.pageRef) return;
    try {
      mkdirSync(RESULTS, { recursive: true });
      await this.screenshot(name);
      if (!(await this.page.getByText('Log Panel', { exact: true }).isVisible())) {
        await this.page.locator('button[title="Toggle Log Panel"]').click({ timeout: 5000 });
      }
      await this.screenshot(`${name}.logpanel`);
      const text = await this.page.evaluate(LOG_PANEL_TEXT);
      writeFileSync(path.join(RESULTS, `${fileName(name)}.logpanel.txt`), String(text));
    } catch {
      // diagnostics are best effort
    }
  }

  /** The Playground's console output so far. */
  output(): string {
    return this.playground ? this.playground.output.map((line) => `[${this.playground!.name}] ${line}`).join('\n') : '';
  }

  /** Closes the page's context and stops the Playground, whatever state they are in. */
  async stop(): Promise<void> {
    try {
      await this.context?.close();
    } catch {
      // the browser may already be gone
    }
    this.context = undefined;
    this.pageRef = undefined;
    await this.playground?.stop();
  }

  /** Synchronous last resort at process exit. */
  killNow(): void {
    if (this.playground?.running) this.playground.process.kill('SIGKILL');
  }
}

/**
 * The service and one or more Playgrounds against it, sharing one Chromium. With one user the harness
 * itself acts as that user (`harness.send(…)`); with several, `harness.as('mentee')` is that user's page.
 */
export class PlaygroundHarness {
  private browser: Browser | undefined;
  private bot: Child | undefined;
  readonly sessions: PlaygroundSession[] = [];
  readonly tmpDir: string;
  readonly timeoutMs: number;
  botUrl = '';

  private constructor(private readonly options: HarnessOptions) {
    this.tmpDir = mkdtempSync(path.join(os.tmpdir(), 'img-e2e-'));
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /**
   * Starts the service, a Playground per user (in parallel), one Chromium, then opens each user's page in
   * the order given (so the first user's conversation is known to the bot before the next page opens).
   * Cleans up everything if any step fails.
   */
  static async start(options: HarnessOptions = {}): Promise<PlaygroundHarness> {
    const harness = new PlaygroundHarness(options);
    live.add(harness);
    try {
      await harness.startService();
      for (const [name, configFile] of harness.playgroundConfigs()) {
        harness.sessions.push(
          new PlaygroundSession(
            name,
            configFile,
            path.join(harness.tmpDir, `playground-${fileName(name)}`),
            harness.timeoutMs,
          ),
        );
      }
      await Promise.all(harness.sessions.map((s) => s.startPlayground(harness.botUrl)));
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run node scripts/ensure-chromium.mjs`);
      harness.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      for (const session of harness.sessions) await session.openPage(harness.browser);
      return harness;
    } catch (err) {
      const logs = harness.logs();
      await harness.stop();
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`${message}\n--- service and Playground output ---\n${logs}`);
    }
  }

  private playgroundConfigs(): [string, string][] {
    const { users, user, configFile } = this.options;
    if (users && users.length > 0) {
      if (new Set(users).size !== users.length)
        throw new Error(`each Playground user may appear once (got ${users.join(', ')})`);
      return users.map((u) => [u, path.join(ROOT, PLAYGROUND_USERS[u])]);
    }
    if (configFile) return [[path.basename(configFile), configFile]];
    const only = user ?? 'coordinator';
    return [[only, path.join(ROOT, PLAYGROUND_USERS[only])]];
  }

  /** The page of one user (started with `users`). */
  as(user: PlaygroundUser): PlaygroundSession {
    const session = this.sessions.find((s) => s.name === user);
    if (!session) throw new Error(`no Playground for ${user}: start the harness with users: [..., '${user}']`);
    return session;
  }

  /** The first (with one user, the only) user's page. */
  private get main(): PlaygroundSession {
    if (!this.sessions[0]) throw new Error('no Playground is running');
    return this.sessions[0];
  }

  get page(): Page {
    return this.main.page;
  }

  get playgroundUrl(): string {
    return this.main.playgroundUrl;
  }

  private async startService(): Promise<void> {
    const entry = this.options.serviceEntry ?? process.env.E2E_SERVICE_ENTRY ?? ensureBuilt();
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Hermetic local mode: never a real database server or bot registration from the caller's shell.
    for (const key of Object.keys(env)) if (/^(MSSQL_|BOT_)/.test(key)) delete env[key];
    Object.assign(env, {
      DB_ENGINE: 'sqlite',
      PORT: String(port),
      SQLITE_FILE: path.join(this.tmpDir, 'mentoring.db'),
      SEED_DEMO: 'true',
      NODE_ENV: env.NODE_ENV ?? 'test',
      ...this.options.env,
    });
    this.botUrl = `http://127.0.0.1:${port}`;
    if (this.options.seed) await seedDatabase(env, this.options.seed);
    const child = spawn(process.execPath, [entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.bot = new Child('bot', child);
    await until(`the service to answer ${this.botUrl}/healthz`, 60_000, this.bot, () =>
      httpOk(`${this.botUrl}/healthz`),
    );
  }

  // The single-user API, acting as the first user.
  send(text: string): Promise<void> {
    return this.main.send(text);
  }
  waitForText(text: string | RegExp, options: { timeoutMs?: number; exact?: boolean } = {}): Promise<Locator> {
    return this.main.waitForText(text, options);
  }
  waitForReplyAfter(sentText: string, timeoutMs = this.timeoutMs): Promise<void> {
    return this.main.waitForReplyAfter(sentText, timeoutMs);
  }
  countText(text: string | RegExp, exact?: boolean): Promise<number> {
    return this.main.countText(text, exact);
  }
  clickButton(name: string, card?: Locator): Promise<void> {
    return this.main.clickButton(name, card);
  }
  fillInput(labelOrPlaceholder: string, value: string): Promise<void> {
    return this.main.fillInput(labelOrPlaceholder, value);
  }
  selectChoice(label: string, option: string | string[]): Promise<void> {
    return this.main.selectChoice(label, option);
  }
  toggle(ref: string, on = true): Promise<void> {
    return this.main.toggle(ref, on);
  }
  describeInput(id: string, timeoutMs = this.timeoutMs): Promise<CardInput> {
    return this.main.describeInput(id, timeoutMs);
  }
  actionsOfCardWith(inputId: string): Promise<CardAction[]> {
    return this.main.actionsOfCardWith(inputId);
  }
  screenshot(name: string, options: { fullPage?: boolean } = {}): Promise<string> {
    return this.main.screenshot(name, options);
  }

  /** Output of the service and the Playgrounds so far (for failure messages). */
  logs(): string {
    const bot = this.bot ? this.bot.output.map((line) => `[bot] ${line}`).join('\n') : '';
    return [bot, ...this.sessions.map((s) => s.output())].filter(Boolean).join('\n');
  }

  /**
   * On failure: the service's and Playgrounds' output in test-results/<name>.log, and per user a
   * screenshot and the Playground's log (<name>.png, or <name>-<user>.png with several users). Never throws.
   */
  async saveDiagnostics(name: string): Promise<void> {
    try {
      mkdirSync(RESULTS, { recursive: true });
      writeFileSync(path.join(RESULTS, `${fileName(name)}.log`), this.logs());
    } catch {
      // diagnostics are best effort
    }
    const several = this.sessions.length > 1;
    for (const session of this.sessions) await session.saveDiagnostics(several ? `${name}-${session.name}` : name);
  }

  /** Stops browser, Playgrounds and service, whatever state they are in, and removes the temp dir. */
  async stop(): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.stop()));
    try {
      await this.browser?.close();
    } catch {
      // the browser may already be gone
    }
    this.browser = undefined;
    await this.bot?.stop();
    live.delete(this);
    rmSync(this.tmpDir, { recursive: true, force: true });
  }

  /** Synchronous last resort at process exit (mocha --exit). */
  killNow(): void {
    // playwright-core kills the browsers it launched when this process exits.
    for (const session of this.sessions) session.killNow();
    if (this.bot?.running) this.bot.process.kill('SIGKILL');
  }
}

/**
 * Migrates the service's database and creates the demo tenant and programme exactly as src/index.ts does at
 * start (same config reader, same two service calls), then runs `seed` in that tenant.
 */
async function seedDatabase(env: NodeJS.ProcessEnv, seed: NonNullable<HarnessOptions['seed']>): Promise<void> {
  const config = loadConfig(env);
  if (config.db.engine !== 'sqlite') throw new Error('seed needs the SQLite store');
  if (!config.seedDemo || !config.demo)
    throw new Error('seed needs the demo programme: do not set SEED_DEMO=false with seed');
  const store = openStore({ engine: 'sqlite', file: config.db.file });
  try {
    await store.migrate();
    const ids = { next: () => randomUUID() };
    const services = createServices(store, { now: () => new Date() }, ids, new DateHolidaysCalendar(), {
      calendar: new OfflineCalendar(store, ids, () => new Date()),
    });
    const { tenant } = await seedDemo(services, config.demo);
    await seed(store, tenant.id);
  } finally {
    await store.close();
  }
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}
