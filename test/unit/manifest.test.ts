import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';

const ROOT = join(__dirname, '..', '..');
const PACKAGE = join(ROOT, 'appPackage');
const SCHEMAS = join(
  dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
  'teams',
);

/** What the Toolkit would put in place of each `${{VAR}}` (sample values; the real ones come from env/). */
const SAMPLE: Record<string, string> = {
  TEAMS_APP_ID: '0b5d2f1e-7c3a-4e8b-9f21-6a4d8c0e1b37',
  BOT_ID: '6f1c9a2e-3b4d-4c5e-8f7a-9b0c1d2e3f40',
  BOT_DOMAIN: 'app-img-mentoring-dev.azurewebsites.net',
  // The longest suffix any env file uses, so the 30-character short-name limit is tested at its worst.
  APP_NAME_SUFFIX: 'playground',
};

function substituted(): Record<string, any> {
  const raw = readFileSync(join(PACKAGE, 'manifest.json'), 'utf8');
  const text = raw.replace(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_, name: string) => {
    assert.ok(name in SAMPLE, `manifest uses \${{${name}}}, which this test has no sample value for`);
    return SAMPLE[name]!;
  });
  return JSON.parse(text);
}

function png(file: string): PNG {
  return PNG.sync.read(readFileSync(join(PACKAGE, file)));
}

/** Width and height straight from the IHDR chunk, independent of the decoder. */
function headerSize(file: string): [number, number] {
  const bytes = readFileSync(join(PACKAGE, file));
  assert.equal(bytes.subarray(1, 4).toString('ascii'), 'PNG', `${file} is not a PNG`);
  assert.equal(bytes.subarray(12, 16).toString('ascii'), 'IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('Teams app package', () => {
  const manifest = substituted();

  it('uses the newest GA manifest schema bundled with @microsoft/app-manifest', () => {
    const ga = readdirSync(SCHEMAS)
      .filter((d) => /^v\d+\.\d+$/.test(d))
      .map((d) => d.slice(1))
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    const newest = ga[ga.length - 1];
    assert.equal(manifest.manifestVersion, newest, 'a newer GA schema is bundled: move the manifest to it');
    assert.equal(
      manifest.$schema,
      `https://developer.microsoft.com/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`,
    );
  });

  it('validates against the official schema, offline', async () => {
    const version = manifest.manifestVersion as string;
    const schema = JSON.parse(readFileSync(join(SCHEMAS, `v${version}`, 'MicrosoftTeams.schema.json'), 'utf8'));
    const errors = await AppManifestUtils.validateAgainstSchema(manifest as never, schema);
    assert.deepEqual(errors, []);
  });

  it('the schema check would catch a broken manifest', async () => {
    const schema = JSON.parse(
      readFileSync(join(SCHEMAS, `v${manifest.manifestVersion}`, 'MicrosoftTeams.schema.json'), 'utf8'),
    );
    const broken = { ...manifest, id: 'not-a-guid', accentColor: 'blue' };
    const errors = await AppManifestUtils.validateAgainstSchema(broken as never, schema);
    assert.ok(
      errors.some((e) => e.startsWith('/id')),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => e.startsWith('/accentColor')),
      errors.join('\n'),
    );
  });

  it('keeps Toolkit placeholders for ids and the domain', () => {
    const raw = JSON.parse(readFileSync(join(PACKAGE, 'manifest.json'), 'utf8'));
    assert.equal(raw.id, '${{TEAMS_APP_ID}}');
    assert.equal(raw.bots[0].botId, '${{BOT_ID}}');
    assert.equal(raw.webApplicationInfo.id, '${{BOT_ID}}');
    assert.equal(raw.webApplicationInfo.resource, 'api://${{BOT_DOMAIN}}/${{BOT_ID}}');
    assert.deepEqual(raw.validDomains, ['${{BOT_DOMAIN}}']);
  });

  it("declares a conversational bot for personal chat and the coordinators' team", () => {
    const [bot] = manifest.bots;
    assert.equal(manifest.bots.length, 1);
    assert.deepEqual([...bot.scopes].sort(), ['personal', 'team']);
    assert.equal(bot.supportsFiles, false);
    assert.equal(bot.isNotificationOnly, false);
  });

  it('offers the SPEC §4 command menu in personal chat and coordinator commands in the team', () => {
    const titles = (scope: string) =>
      manifest.bots[0].commandLists.find((l: any) => l.scopes.includes(scope)).commands.map((c: any) => c.title);
    assert.deepEqual(titles('personal'), [
      'help',
      'apply',
      'find a mentor',
      'my matches',
      'my profile',
      'log a session',
      'raise a concern',
      'my data',
      'reports',
      'run matching',
    ]);
    assert.deepEqual(titles('team'), ['help', 'reports', 'run matching', 'matches', 'setup']);
  });

  it('keeps command titles within 32 characters and descriptions within 128', () => {
    for (const list of manifest.bots[0].commandLists) {
      for (const c of list.commands) {
        assert.ok(c.title.length <= 32, `title too long: ${c.title}`);
        assert.ok(c.description && c.description.length <= 128, `description missing or too long: ${c.title}`);
      }
    }
  });

  it('keeps names and descriptions within Teams limits', () => {
    assert.ok(manifest.name.short.length <= 30);
    assert.ok(manifest.name.full.length <= 100);
    assert.ok(manifest.description.short.length <= 80);
    assert.ok(manifest.description.full.length <= 4000);
    assert.equal(manifest.accentColor, '#005EB8');
  });

  it('has a 192×192 colour icon and a 32×32 outline icon', () => {
    assert.deepEqual(headerSize(manifest.icons.color), [192, 192]);
    assert.deepEqual(headerSize(manifest.icons.outline), [32, 32]);
  });

  it('draws the outline icon in white on transparent only, with something visible', () => {
    const { data } = png(manifest.icons.outline);
    let opaque = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
      if (a === 0) continue;
      assert.ok(r === 255 && g === 255 && b === 255, `non-white pixel at ${i / 4}: ${r},${g},${b},${a}`);
      if (a === 255) opaque++;
    }
    assert.ok(opaque > 100, 'outline icon is nearly empty');
    assert.ok(opaque < (32 * 32) / 2, 'outline icon is mostly filled: it should be a mark, not a tile');
  });

  it('fills the colour icon in NHS blue', () => {
    const { data, width } = png(manifest.icons.color);
    const centreLeft = (96 * width + 10) * 4;
    assert.deepEqual([...data.subarray(centreLeft, centreLeft + 4)], [0x00, 0x5e, 0xb8, 255]);
  });
});
