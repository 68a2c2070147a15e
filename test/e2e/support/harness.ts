/**
 * End-to-end harness: the real built service (fresh SQLite file, demo seed) + Microsoft 365 Agents
 * Playground pointed at it + Debian's Chromium driven by playwright-core. Facts it relies on are in
 * docs/playground.md (stdin held open, config chosen by M365_AGENTS_PLAYGROUND_CONFIG_PATH, card
 * inputs found by label because the renderer generates element ids, no page reloads).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

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
  /** Extra environment for the service (after the harness's own settings). */
  env?: Record<string, string>;
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
        choices: choices.flatMap((c) => (c && typeof c === 'object' && !Array.isArray(c) && asString(c.title) !== undefined ? [{ title: asString(c.title)!, value: asString(c.value) ?? '' }] : [])),
      });
    }
    if (current && type.startsWith('Action.') && asString(node.title)) {
      current.actions.push({ type, title: asString(node.title)!, verb: asString(node.verb) });
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

export function freePort(): Promise<number> {
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

export class PlaygroundHarness {
  private browser: Browser | undefined;
  private bot: Child | undefined;
  private playground: Child | undefined;
  private pageRef: Page | undefined;
  /** Cards the bot sent, oldest first, as read from the Playground's websocket and invoke responses. */
  private readonly cards: RecordedCard[] = [];
  readonly tmpDir: string;
  readonly timeoutMs: number;
  botUrl = '';
  playgroundUrl = '';

  private constructor(private readonly options: HarnessOptions) {
    this.tmpDir = mkdtempSync(path.join(os.tmpdir(), 'img-e2e-'));
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Starts service, Playground and browser, and opens the Playground page. Cleans up if any step fails. */
  static async start(options: HarnessOptions = {}): Promise<PlaygroundHarness> {
    const harness = new PlaygroundHarness(options);
    live.add(harness);
    try {
      await harness.startService();
      await harness.startPlayground();
      await harness.openPage();
      return harness;
    } catch (err) {
      const logs = harness.logs();
      await harness.stop();
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`${message}\n--- service and Playground output ---\n${logs}`);
    }
  }

  get page(): Page {
    if (!this.pageRef) throw new Error('the Playground page is not open');
    return this.pageRef;
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
    this.botUrl = `http://localhost:${port}`;
    const child = spawn(process.execPath, [entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.bot = new Child('bot', child);
    await this.until(`the service to answer ${this.botUrl}/healthz`, 60_000, this.bot, () => httpOk(`${this.botUrl}/healthz`));
  }

  private async startPlayground(): Promise<void> {
    const configFile = this.options.configFile ?? path.join(ROOT, PLAYGROUND_USERS[this.options.user ?? 'coordinator']);
    if (!existsSync(configFile)) throw new Error(`Playground config ${configFile} not found`);
    const port = await freePort();
    const cli = path.join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
    const args = [cli, '-e', `${this.botUrl}/api/messages`, '-c', 'msteams', '-p', String(port), '--dt'];
    const env = {
      ...process.env,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
      M365_AGENTS_PLAYGROUND_LOGFILE: path.join(this.tmpDir, 'playground.log'),
      TEAMSAPPTESTER_BROWSER: 'none',
    };
    // stdin is a pipe we never end: the Playground exits when its standard input closes.
    const child = spawn(process.execPath, args, { cwd: this.tmpDir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.playground = new Child('playground', child);
    const playground = this.playground;
    // If the port was taken meanwhile the Playground silently picks another; read the one it reports.
    await this.until('the Playground to listen', 60_000, playground, async () => {
      const line = playground.output.find((l) => /Listening on \d+/.test(l));
      if (!line) return false;
      this.playgroundUrl = `http://localhost:${/Listening on (\d+)/.exec(line)![1]}`;
      return httpOk(this.playgroundUrl);
    });
  }

  private async openPage(): Promise<void> {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run node scripts/ensure-chromium.mjs`);
    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await this.browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    context.setDefaultTimeout(this.timeoutMs);
    this.pageRef = await context.newPage();
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

  private async until(what: string, timeoutMs: number, child: Child, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await check()) return;
      if (child.exited) throw new Error(`${child.name} exited (${child.exited}) while waiting for ${what}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
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

  /** Clicks the button with this exact name on the newest card that has one. */
  async clickButton(name: string): Promise<void> {
    const button = this.page.getByRole('button', { name, exact: true });
    await this.page.locator(CARD).filter({ has: button }).last().getByRole('button', { name, exact: true }).first().click();
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
      options = options.map((o) => choices.find((c) => c.title === o)?.title ?? choices.find((c) => c.value === o)?.title ?? o);
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
      const optionLabel = field.locator('label').filter({ hasText: labelText(title) }).first();
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
    const text = input.type === 'Input.Toggle' ? input.title ?? input.label : input.label ?? input.placeholder;
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
  async screenshot(name: string): Promise<string> {
    mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Output of the service and the Playground so far (for failure messages). */
  logs(): string {
    return [this.bot, this.playground]
      .filter((c): c is Child => c !== undefined)
      .map((c) => c.output.map((line) => `[${c.name}] ${line}`).join('\n'))
      .join('\n');
  }

  /** On failure: screenshot and logs into test-results/, named after the test. Never throws. */
  async saveDiagnostics(name: string): Promise<void> {
    try {
      mkdirSync(RESULTS, { recursive: true });
      writeFileSync(path.join(RESULTS, `${name.replace(/[^\w.-]+/g, '-')}.log`), this.logs());
      if (this.pageRef) await this.screenshot(name);
    } catch {
      // diagnostics are best effort
    }
  }

  /** Stops browser, Playground and service, whatever state they are in, and removes the temp dir. */
  async stop(): Promise<void> {
    try {
      await this.browser?.close();
    } catch {
      // the browser may already be gone
    }
    this.browser = undefined;
    this.pageRef = undefined;
    await Promise.all([this.playground?.stop(), this.bot?.stop()]);
    live.delete(this);
    rmSync(this.tmpDir, { recursive: true, force: true });
  }

  /** Synchronous last resort at process exit (mocha --exit). */
  killNow(): void {
    // playwright-core kills the browsers it launched when this process exits.
    for (const child of [this.playground, this.bot]) if (child?.running) child.process.kill('SIGKILL');
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
