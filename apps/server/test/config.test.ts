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
    [{ OIDC_ISSUER: 'https://idp.example' }, /OIDC_CLIENT_ID: required when OIDC_ISSUER is set/],
    [{ OIDC_ISSUER: 'ftp://idp.example', OIDC_CLIENT_ID: 'x' }, /OIDC_ISSUER: must be the provider/],
    [{ PASSWORD_SIGN_IN: 'off' }, /PASSWORD_SIGN_IN: may be off only when single sign-on is on/],
    [{ OIDC_ROLE_MAP: 'admins=root' }, /OIDC_ROLE_MAP: "root" in "admins=root" is not one of/],
    [{ OIDC_SCOPES: 'email profile' }, /OIDC_SCOPES: must include openid/],
    [{ METRICS: 'yes' }, /METRICS:/],
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN: must be at least 16 characters/],
    [{ HOLIDAYS: '2026-12-25,26.12.2026' }, /HOLIDAYS: "26.12.2026" is not a date YYYY-MM-DD/],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads single sign-on settings; the redirect URL defaults to PUBLIC_URL + /auth/oidc/callback', async () => {
    const { oidcSettingsOf, settingsOf } = await import('../src/config.ts');
    const c = loadConfig({
      PUBLIC_URL: 'https://signoff.example.org',
      OIDC_ISSUER: 'https://idp.example.org',
      OIDC_CLIENT_ID: 'signoff',
      OIDC_ROLE_MAP: 'admins=admin,privacy=area:privacy_technical',
      PASSWORD_SIGN_IN: 'off',
    });
    expect(oidcSettingsOf(c)).toMatchObject({
      redirectUrl: 'https://signoff.example.org/auth/oidc/callback',
      scopes: 'openid email profile',
      roleClaim: 'groups',
      clientSecret: undefined,
    });
    expect([...oidcSettingsOf(c)!.roleMap.keys()]).toEqual(['admins', 'privacy']);
    expect(settingsOf(c)).toMatchObject({ passwordSignIn: false, singleSignOn: { label: 'single sign-on' } });
    expect(oidcSettingsOf(loadConfig({}))).toBeNull();
    expect(loadConfig({}).METRICS).toBe('off');
  });

  it('reads the holidays, none by default', async () => {
    const { settingsOf } = await import('../src/config.ts');
    expect([...settingsOf(loadConfig({})).holidays]).toEqual([]);
    expect([...settingsOf(loadConfig({ HOLIDAYS: '2026-12-25, 2026-12-28' })).holidays]).toEqual([
      '2026-12-25',
      '2026-12-28',
    ]);
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
