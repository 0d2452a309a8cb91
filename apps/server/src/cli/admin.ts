import { parseArgs } from 'node:util';
import { describeError } from '@signoff/api';
import { systemCaller } from '../bootstrap.ts';
import { UsageError, withDatabase } from './with-database.ts';

const USAGE = `usage: npm run admin -- <command> [options]
  create-user   --email E --name N --password P [--role admin|steward|cpo|ceo ...] [--area privacy_technical|legal_trust|security|data ...]
  create-token  --email E --scope gate:read|intake:write [--name NAME]   prints the token once
  revoke-token  --id N
  reset-password --email E   prints a one-time password, to be changed at first sign-in; ends their sessions
  create-product --name N --owner EMAIL
  list-people`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string', multiple: true },
    area: { type: 'string', multiple: true },
    scope: { type: 'string', multiple: true },
    owner: { type: 'string' },
    id: { type: 'string' },
    help: { type: 'boolean' },
  },
  strict: false,
});

const command = positionals[0];
if (!command || values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(command ? 0 : 2);
}

const str = (name: string) => values[name] as string | undefined;
const list = (name: string) => (values[name] as string[] | undefined) ?? [];
const roleAlias = (r: string) => (r === 'executive' ? 'cpo' : r);

// Every command goes through the same admin procedures as the API (validated, audited), as the system actor.
await withDatabase(async ({ db }) => {
  const admin = systemCaller(db, 'admin-cli').admin;
  try {
    switch (command) {
      case 'create-user': {
        const p = await admin.createUser({
          email: str('email') as string,
          displayName: str('name') as string,
          password: str('password') as string,
          roles: list('role').map(roleAlias) as never,
          areas: list('area') as never,
        });
        process.stdout.write(`created person ${p.id} ${p.email}\n`);
        break;
      }
      case 'reset-password': {
        const r = await admin.resetPassword({ email: str('email') as string });
        process.stdout.write(
          `one-time password for ${r.email}: ${r.oneTimePassword}\n(to be changed at first sign-in; their sessions are ended)\n`,
        );
        break;
      }
      case 'create-token': {
        const t = await admin.createToken({
          email: str('email') as string,
          scopes: list('scope') as never,
          name: str('name'),
        });
        process.stdout.write(`${t.token}\n`);
        process.stderr.write(`token ${t.id} (${t.scopes.join(', ')}) created; it is shown only this once\n`);
        break;
      }
      case 'revoke-token':
        await admin.revokeToken({ id: Number(str('id')) });
        process.stdout.write('revoked\n');
        break;
      case 'create-product': {
        const p = await admin.createProduct({
          name: str('name') as string,
          ownerEmail: str('owner') as string,
        });
        process.stdout.write(`created product ${p.id} ${p.name}\n`);
        break;
      }
      case 'list-people':
        for (const p of await admin.listPeople())
          process.stdout.write(
            `${p.id}\t${p.email}\t${p.displayName}\t${[p.isAdmin && 'admin', p.isSteward && 'steward', p.executiveRole, ...p.facilitatorAreas].filter(Boolean).join(',')}\n`,
          );
        break;
      default:
        throw new UsageError(`unknown command ${command}\n${USAGE}`);
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // Validation and rule errors are the user's to fix: one clear line, exit 2.
    const e = err as { code?: string; message?: string };
    if (e.code && e.code !== 'INTERNAL_SERVER_ERROR') throw new UsageError(describeError(err));
    throw err;
  }
});
