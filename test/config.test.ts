import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadQuoteSettings } from '../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'svyazka-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('SVYAZKA_QUOTES_FILE', () => {
  it('gives the quote engine the settings in the file, and defaults without one', () => {
    const settings = {
      cache: { ttlMs: 300_000 },
      connectorTimeoutMs: { cdek: 1500 },
      breaker: { coolDownMs: 10_000 },
      parcelDefaults: { weight: 300, length: 20, width: 15, height: 10 },
      holidayOverrides: { RU: { holidays: ['2027-01-01'], workingWeekends: [] } },
      replay: false,
    };
    const path = file('quotes.json', JSON.stringify(settings));
    expect(loadQuoteSettings(loadConfig({ SVYAZKA_QUOTES_FILE: path }))).toEqual(settings);
    expect(loadQuoteSettings(loadConfig({}))).toEqual({});
  });

  it('refuses a misspelt or out-of-range setting, naming it', () => {
    const path = file('bad.json', JSON.stringify({ cache: { ttl: 5 }, breaker: { failures: 0 }, holidayOverrides: { ru: { holidays: ['1 Jan'], workingWeekends: [] } } }));
    const err = (() => {
      try {
        loadQuoteSettings({ SVYAZKA_QUOTES_FILE: path });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const message = err!.message;
    expect(message).toContain(`invalid quote settings in ${path}`);
    expect(message).toMatch(/cache: .*ttl/);
    expect(message).toMatch(/breaker\.failures: /);
    expect(message).toMatch(/holidayOverrides\.ru.*country code/);
  });

  it('refuses a file that is missing or not JSON', () => {
    expect(() => loadQuoteSettings({ SVYAZKA_QUOTES_FILE: join(dir, 'nope.json') })).toThrow(/SVYAZKA_QUOTES_FILE .*nope\.json could not be read as JSON/);
    expect(() => loadQuoteSettings({ SVYAZKA_QUOTES_FILE: file('broken.json', '{"cache": ') })).toThrow(/could not be read as JSON/);
  });
});
