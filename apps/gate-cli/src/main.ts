import { runGateCli } from './gate-cli.ts';

// The one place the command touches process: arguments, environment, streams, exit status.
const code = await runGateCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
