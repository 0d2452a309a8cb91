import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.SIGNOFF_DATA_DIR).toMatch(/\.data$/);
    expect(c.publicUrl).toBe('http://127.0.0.1:3000');
  });

  it.each([
    [{ PORT: 'abc' }, /PORT:/],
    [{ PORT: '70000' }, /PORT:/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must be a postgres:\/\/ URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL:/],
    [{ ADMIN_EMAIL: 'a@b.example' }, /ADMIN_PASSWORD: set both ADMIN_EMAIL and ADMIN_PASSWORD/],
    [{ ADMIN_EMAIL: 'a@b.example', ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD: must be at least 10/],
    [{ CORS_ORIGINS: 'not a url' }, /CORS_ORIGINS/],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads a postgres URL and origins', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/x',
      CORS_ORIGINS: 'http://a.example, http://b.example',
    });
    expect(c.DATABASE_URL).toBe('postgres://u:p@db:5432/x');
    expect(c.CORS_ORIGINS).toEqual(['http://a.example', 'http://b.example']);
  });
});
