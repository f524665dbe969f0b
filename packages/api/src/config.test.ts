import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration from the environment', () => {
  it('starts with safe defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 4000, DATA_DIR: '.data', isProduction: false });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '' });
    expect(config.PORT).toBe(4000);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('lists every bad value at once, naming the variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', NODE_ENV: 'staging', DATABASE_URL: 'mysql://x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: .*"eighty"/m);
    expect(problems).toMatch(/^NODE_ENV: /m);
    expect(problems).toMatch(/^DATABASE_URL: must be a postgres/m);
  });

  it('never echoes credentials from a bad URL', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://user:hunter2@cache:6379' })).toThrow(/REDIS_URL/);
    try {
      loadConfig({ REDIS_URL: 'http://user:hunter2@cache:6379' });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('knows production', () => {
    expect(loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 's'.repeat(32) }).isProduction).toBe(true);
  });
});

describe('secrets', () => {
  it('refuses to start in production without AUTH_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET: required in production/);
  });

  it('refuses a short AUTH_SECRET without echoing it', () => {
    expect(() => loadConfig({ AUTH_SECRET: 'short-secret' })).toThrow(
      /AUTH_SECRET: must be at least 32 characters \(got <hidden>\)/,
    );
  });

  it('reads the countries that may get SMS codes as upper-case ISO codes, refusing anything else', () => {
    expect(loadConfig({}).LOGIN_PHONE_COUNTRIES).toEqual(['RU']);
    expect(loadConfig({ LOGIN_PHONE_COUNTRIES: 'ru, kz' }).LOGIN_PHONE_COUNTRIES).toEqual(['RU', 'KZ']);
    expect(() => loadConfig({ LOGIN_PHONE_COUNTRIES: 'Russia' })).toThrow(/LOGIN_PHONE_COUNTRIES/);
  });
});
