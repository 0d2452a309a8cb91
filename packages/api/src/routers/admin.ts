import { DomainError } from '@signoff/core';
import {
  addFacilitator,
  type Db,
  facilitatorAreas,
  findPersonByEmail,
  findProductByName,
  insertApiToken,
  insertPerson,
  insertProduct,
  listPeople,
  listProducts,
  type Person,
  revokeApiToken,
  revokeApiTokensOf,
  revokeSessionsOf,
  setPasswordHash,
  updatePersonRoles,
} from '@signoff/db';
import { z } from 'zod';
import { passwordProblemFor } from '../auth/common-passwords.ts';
import { hashPassword, newToken, randomPassword } from '../auth/secrets.ts';
import {
  areaSchema,
  displayNameSchema,
  emailSchema,
  idSchema,
  type PersonOutput,
  passwordSchema,
  personOutput,
  roleSchema,
  scopeSchema,
} from '../schemas.ts';
import { adminProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

async function toOutput(db: Db, p: Person): Promise<PersonOutput> {
  return {
    id: p.id,
    email: p.email,
    displayName: p.display_name,
    active: p.active,
    isAdmin: p.is_admin,
    isSteward: p.is_steward,
    executiveRole: p.executive_role,
    facilitatorAreas: await facilitatorAreas(db, p.id),
  };
}

async function personByEmail(db: Db, email: string): Promise<Person> {
  const p = await findPersonByEmail(db, email);
  if (!p) throw new DomainError('NOT_FOUND', `no person with email ${email}`, { field: 'email' });
  return p;
}

const unique = (e: unknown, field: string, message: string): never => {
  if ((e as { code?: string }).code === '23505') throw new DomainError('CONFLICT', message, { field });
  throw e;
};

export const adminRouter = router({
  createUser: adminProcedure
    .input(
      z
        .object({
          email: emailSchema,
          displayName: displayNameSchema,
          password: passwordSchema,
          roles: z.array(roleSchema).max(4).default([]),
          areas: z.array(areaSchema).max(4).default([]),
          /** A password chosen for someone else: they must change it at first sign-in. */
          oneTime: z.boolean().default(false),
        })
        .superRefine((v, c) => {
          const problem = passwordProblemFor(v.password, v.email);
          if (problem) c.addIssue({ code: 'custom', path: ['password'], message: problem });
        }),
    )
    .output(personOutput)
    .mutation(async ({ ctx, input }) => {
      const passwordHash = await hashPassword(input.password);
      return write(ctx, async (trx, audit) => {
        const person = await insertPerson(trx, {
          email: input.email,
          displayName: input.displayName,
          passwordHash,
          isAdmin: input.roles.includes('admin'),
          isSteward: input.roles.includes('steward'),
          executiveRole: input.roles.includes('ceo') ? 'ceo' : input.roles.includes('cpo') ? 'cpo' : null,
        }).catch((e) => unique(e, 'email', `a person with email ${input.email} already exists`));
        if (input.oneTime) await setPasswordHash(trx, person.id, passwordHash, true);
        for (const area of input.areas) await addFacilitator(trx, area, person.id);
        const out = await toOutput(trx, person);
        await audit({ action: 'person.created', subject: `person:${person.id}`, after: out });
        return out;
      });
    }),

  setRoles: adminProcedure
    .input(
      z.object({
        email: emailSchema,
        roles: z.array(roleSchema).max(4),
        areas: z.array(areaSchema).max(4),
        /** Given: (de)activates. Left out: unchanged (editing roles never re-activates anyone). */
        active: z.boolean().optional(),
      }),
    )
    .output(personOutput)
    .mutation(({ ctx, input }) =>
      write(ctx, async (trx, audit) => {
        const person = await personByEmail(trx, input.email);
        const before = await toOutput(trx, person);
        const updated = await updatePersonRoles(trx, person.id, {
          isAdmin: input.roles.includes('admin'),
          isSteward: input.roles.includes('steward'),
          executiveRole: input.roles.includes('ceo') ? 'ceo' : input.roles.includes('cpo') ? 'cpo' : null,
          ...(input.active === undefined ? {} : { active: input.active }),
        }).catch((e) => unique(e, 'roles', 'another active person already holds that executive role'));
        await trx.deleteFrom('area_facilitators').where('person_id', '=', person.id).execute();
        for (const area of input.areas) await addFacilitator(trx, area, person.id);
        // Deactivation ends every session and automation token at once: re-activating brings none back.
        const revoked =
          input.active === false
            ? {
                sessions: await revokeSessionsOf(trx, person.id, ctx.now()),
                tokens: await revokeApiTokensOf(trx, person.id, ctx.now()),
              }
            : undefined;
        const after = await toOutput(trx, updated);
        await audit({
          action: 'person.roles_changed',
          subject: `person:${person.id}`,
          before,
          after: revoked ? { ...after, revoked } : after,
        });
        return after;
      }),
    ),

  /**
   * Sets a new one-time password for someone who lost theirs (or the first admin's): every session of theirs
   * ends, and until they change it they may do nothing else. Returned once, stored only hashed.
   */
  resetPassword: adminProcedure
    .input(z.object({ email: emailSchema }))
    .output(z.object({ email: z.string(), oneTimePassword: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const oneTimePassword = randomPassword();
      const passwordHash = await hashPassword(oneTimePassword);
      return write(ctx, async (trx, audit) => {
        const person = await personByEmail(trx, input.email);
        await setPasswordHash(trx, person.id, passwordHash, true);
        const sessions = await revokeSessionsOf(trx, person.id, ctx.now());
        await audit({ action: 'person.password_reset', subject: `person:${person.id}`, after: { sessions } });
        return { email: person.email, oneTimePassword };
      });
    }),

  listPeople: adminProcedure.output(z.array(personOutput)).query(async ({ ctx }) => {
    const people = await listPeople(ctx.db);
    return Promise.all(people.map((p) => toOutput(ctx.db, p)));
  }),

  createToken: adminProcedure
    .input(
      z.object({
        email: emailSchema,
        scopes: z.array(scopeSchema).min(1),
        name: z.string().trim().min(1).max(100).default('release gate'),
      }),
    )
    .output(z.object({ id: z.number(), token: z.string(), scopes: z.array(scopeSchema), name: z.string() }))
    .mutation(({ ctx, input }) =>
      write(ctx, async (trx, audit) => {
        const person = await personByEmail(trx, input.email);
        const { token, hash } = newToken('automation');
        const row = await insertApiToken(trx, person.id, input.name, hash, input.scopes);
        await audit({
          action: 'token.created',
          subject: `token:${row.id}`,
          after: { personId: person.id, scopes: input.scopes, name: input.name },
        });
        return { id: row.id, token, scopes: input.scopes, name: input.name };
      }),
    ),

  revokeToken: adminProcedure
    .input(z.object({ id: idSchema }))
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) =>
      write(ctx, async (trx, audit) => {
        const row = await revokeApiToken(trx, input.id, ctx.now());
        if (!row) throw new DomainError('NOT_FOUND', `no active token ${input.id}`, { field: 'id' });
        await audit({ action: 'token.revoked', subject: `token:${row.id}` });
        return row;
      }),
    ),

  createProduct: adminProcedure
    .input(z.object({ name: z.string().trim().min(1).max(200), ownerEmail: emailSchema }))
    .output(z.object({ id: z.number(), name: z.string(), ownerId: z.number() }))
    .mutation(({ ctx, input }) =>
      write(ctx, async (trx, audit) => {
        const owner = await personByEmail(trx, input.ownerEmail);
        if (await findProductByName(trx, input.name))
          throw new DomainError('CONFLICT', `a product named ${input.name} already exists`, {
            field: 'name',
          });
        const p = await insertProduct(trx, input.name, owner.id);
        const out = { id: p.id, name: p.name, ownerId: p.owner_id };
        await audit({ action: 'product.created', subject: `product:${p.id}`, after: out });
        return out;
      }),
    ),

  listProducts: adminProcedure
    .output(z.array(z.object({ id: z.number(), name: z.string(), ownerId: z.number() })))
    .query(async ({ ctx }) =>
      (await listProducts(ctx.db)).map((p) => ({ id: p.id, name: p.name, ownerId: p.owner_id })),
    ),
});
