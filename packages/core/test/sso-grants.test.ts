import { describe, expect, it } from 'vitest';
import {
  grantsFromClaims,
  grantsHeld,
  holdingOf,
  parseSsoRoleMap,
  reconcileSsoGrants,
} from '../src/sso-grants.ts';

describe('the claims-to-roles map (OIDC_ROLE_MAP)', () => {
  it('parses group=grant pairs, several grants joined by +', () => {
    const map = parseSsoRoleMap(' admins=admin, stewards=steward ,privacy=area:privacy_technical+area:data,');
    expect([...map]).toEqual([
      ['admins', ['admin']],
      ['stewards', ['steward']],
      ['privacy', ['area:privacy_technical', 'area:data']],
    ]);
    expect(parseSsoRoleMap('').size).toBe(0);
  });

  it.each([
    ['admins', /is not claim-value=grant/],
    ['=admin', /is not claim-value=grant/],
    ['x=ceo', /"ceo" in "x=ceo" is not one of admin, steward, area:privacy_technical/],
    ['x=area:nope', /"area:nope"/],
  ])('refuses %s naming the pair', (text, message) => {
    expect(() => parseSsoRoleMap(text)).toThrow(message);
  });

  it('reads a list claim or a single value, ignoring unmapped and non-string values', () => {
    const map = parseSsoRoleMap('a=admin,d=area:data');
    expect(grantsFromClaims({ groups: ['d', 'zzz', 7, 'a'] }, 'groups', map)).toEqual(['admin', 'area:data']);
    expect(grantsFromClaims({ role: 'd' }, 'role', map)).toEqual(['area:data']);
    expect(grantsFromClaims({}, 'groups', map)).toEqual([]);
  });

  it('turns held roles into grants and back', () => {
    const h = { isAdmin: true, isSteward: false, areas: ['security' as const, 'data' as const] };
    expect(grantsHeld(h)).toEqual(['admin', 'area:data', 'area:security']);
    expect(holdingOf(grantsHeld(h))).toEqual({
      isAdmin: true,
      isSteward: false,
      areas: ['data', 'security'],
    });
  });
});

describe('reconciling a sign-in with what the person holds', () => {
  it('the first sign-in grants what the claims map to, all of it the provider’s', () => {
    expect(reconcileSsoGrants({ held: [], fromProvider: [], claimed: ['admin', 'area:data'] })).toEqual({
      held: ['admin', 'area:data'],
      fromProvider: ['admin', 'area:data'],
      added: ['admin', 'area:data'],
      removed: [],
      adminKept: false,
    });
  });

  it('takes away what the provider granted and no longer grants', () => {
    const r = reconcileSsoGrants({
      held: ['steward', 'area:data'],
      fromProvider: ['steward', 'area:data'],
      claimed: ['steward'],
    });
    expect(r).toMatchObject({ held: ['steward'], fromProvider: ['steward'], removed: ['area:data'] });
  });

  it('never takes away what an admin granted, even when the provider does not grant it', () => {
    const r = reconcileSsoGrants({ held: ['steward'], fromProvider: [], claimed: [] });
    expect(r).toMatchObject({ held: ['steward'], removed: [], added: [] });
  });

  it('a role an admin already gave stays the admin’s when the provider grants it too', () => {
    const r = reconcileSsoGrants({ held: ['steward'], fromProvider: [], claimed: ['steward'] });
    expect(r.fromProvider).toEqual([]);
    expect(reconcileSsoGrants({ held: r.held, fromProvider: r.fromProvider, claimed: [] }).held).toEqual([
      'steward',
    ]);
  });

  it('never removes admin: it is kept, handed to the admins and reported once', () => {
    const r = reconcileSsoGrants({ held: ['admin'], fromProvider: ['admin'], claimed: [] });
    expect(r).toEqual({ held: ['admin'], fromProvider: [], added: [], removed: [], adminKept: true });
    expect(reconcileSsoGrants({ held: r.held, fromProvider: r.fromProvider, claimed: [] }).adminKept).toBe(
      false,
    );
  });

  it('a provider grant an admin took away is the admin’s decision until the provider grants it anew', () => {
    // The admin removed area:data; the record of the provider's grant no longer counts.
    const r = reconcileSsoGrants({ held: [], fromProvider: ['area:data'], claimed: [] });
    expect(r).toMatchObject({ held: [], fromProvider: [], removed: [] });
  });
});
