import { AREAS, type Area, isArea } from './areas.ts';

/**
 * What an identity provider's claims may grant: admin, data steward, facilitator of an area. The
 * executive roles (CPO, CEO) are held by one person each and stay an admin's to give.
 */
export const SSO_GRANTS = ['admin', 'steward', ...AREAS.map((a) => `area:${a}` as const)] as const;
export type SsoGrant = (typeof SSO_GRANTS)[number];
/** Where a single sign-on began: the web page or the desktop app (which finishes it by a hand-off code). */
export const SSO_CLIENTS = ['web', 'desktop'] as const;
export type SsoClient = (typeof SSO_CLIENTS)[number];
export const isSsoGrant = (v: unknown): v is SsoGrant => (SSO_GRANTS as readonly unknown[]).includes(v);

/** Claim value (e.g. a group name) → what it grants. */
export type SsoRoleMap = ReadonlyMap<string, readonly SsoGrant[]>;

/**
 * Parses `OIDC_ROLE_MAP`: `group=grant[+grant...]` pairs separated by commas, e.g.
 * `signoff-admins=admin,stewards=steward,privacy=area:privacy_technical+area:data`. Throws naming the
 * first bad pair.
 */
export function parseSsoRoleMap(text: string): SsoRoleMap {
  const map = new Map<string, SsoGrant[]>();
  for (const pair of text.split(',').map((p) => p.trim())) {
    if (pair === '') continue;
    const at = pair.lastIndexOf('=');
    const value = pair.slice(0, at).trim();
    const grants = pair
      .slice(at + 1)
      .split('+')
      .map((g) => g.trim());
    if (at <= 0 || value === '') throw new Error(`"${pair}" is not claim-value=grant`);
    for (const g of grants)
      if (!isSsoGrant(g)) throw new Error(`"${g}" in "${pair}" is not one of ${SSO_GRANTS.join(', ')}`);
    map.set(value, [...new Set([...(map.get(value) ?? []), ...(grants as SsoGrant[])])]);
  }
  return map;
}

/** What the claim (a string or a list of strings, such as `groups`) grants through the map. */
export function grantsFromClaims(
  claims: Readonly<Record<string, unknown>>,
  claim: string,
  map: SsoRoleMap,
): SsoGrant[] {
  const raw = claims[claim];
  const values = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  const out = new Set<SsoGrant>();
  for (const v of values) if (typeof v === 'string') for (const g of map.get(v) ?? []) out.add(g);
  return SSO_GRANTS.filter((g) => out.has(g));
}

export interface RoleHolding {
  isAdmin: boolean;
  isSteward: boolean;
  areas: readonly Area[];
}

export const grantsHeld = (h: RoleHolding): SsoGrant[] =>
  SSO_GRANTS.filter((g) =>
    g === 'admin' ? h.isAdmin : g === 'steward' ? h.isSteward : h.areas.includes(g.slice(5) as Area),
  );

export const holdingOf = (grants: readonly SsoGrant[]): RoleHolding => ({
  isAdmin: grants.includes('admin'),
  isSteward: grants.includes('steward'),
  areas: grants.flatMap((g) => (g.startsWith('area:') && isArea(g.slice(5)) ? [g.slice(5) as Area] : [])),
});

export interface SsoReconciliation {
  /** Everything the person holds after this sign-in. */
  held: SsoGrant[];
  /** What of it the provider granted (and may take away at a later sign-in). */
  fromProvider: SsoGrant[];
  added: SsoGrant[];
  removed: SsoGrant[];
  /** The provider no longer grants admin; the person stays admin until an admin changes it by hand. */
  adminKept: boolean;
}

/**
 * A sign-in's claims against what the person holds. The provider adds what its claims grant, and takes
 * away only what it granted itself and no longer grants: a role an admin gave stays whatever the
 * provider says. Admin is never taken away by the provider: it is kept, handed over to the admins (no
 * longer provider-granted) and reported, so someone decides.
 */
export function reconcileSsoGrants(input: {
  held: readonly SsoGrant[];
  fromProvider: readonly SsoGrant[];
  claimed: readonly SsoGrant[];
}): SsoReconciliation {
  const held = new Set(input.held);
  const claimed = new Set(input.claimed);
  // A grant recorded as the provider's but not held any more was removed by an admin: it is the admin's now.
  const fromProvider = new Set(input.fromProvider.filter((g) => held.has(g)));
  const added = input.claimed.filter((g) => !held.has(g));
  const withdrawn = [...fromProvider].filter((g) => !claimed.has(g));
  const adminKept = withdrawn.includes('admin');
  const removed = withdrawn.filter((g) => g !== 'admin');
  for (const g of removed) held.delete(g);
  for (const g of withdrawn) fromProvider.delete(g);
  for (const g of added) {
    held.add(g);
    fromProvider.add(g);
  }
  const order = (s: Set<SsoGrant>) => SSO_GRANTS.filter((g) => s.has(g));
  return { held: order(held), fromProvider: order(fromProvider), added, removed, adminKept };
}
