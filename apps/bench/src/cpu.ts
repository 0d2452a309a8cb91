import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * CPU time (milliseconds, user + system) a scenario cost the server process and PostgreSQL. On a shared
 * machine req/s swing with the neighbours' load (the no-op route moved 5x between runs), while the CPU each
 * request costs barely does: it is the figure to compare between two commits.
 */
export interface CpuTime {
  server: number;
  postgres: number;
}

/** Linux clock ticks per second (`getconf CLK_TCK`): 100 on every Linux Node supports. */
const TICK_MS = 10;

/** utime, stime, cutime, cstime of a process in ticks (/proc/PID/stat fields 14–17), with its parent. */
async function stat(pid: number): Promise<{ ppid: number; own: number; children: number } | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(f[i - 3]);
  return { ppid: n(4), own: n(14) + n(15), children: n(16) + n(17) };
}

/** PostgreSQL's postmaster pid, from the first line of postmaster.pid in its data folder. */
export async function postmasterPid(pgdata: string): Promise<number | null> {
  const text = await readFile(join(pgdata, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = Number(text?.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * A reader of the CPU time used so far by `serverPid` and by the postmaster `pgPid` with all its backends
 * (those alive now, and, through the postmaster's children's time, those that have exited).
 */
export function cpuReader(serverPid: number, pgPid: number | null): () => Promise<CpuTime> {
  return async () => {
    const server = await stat(serverPid);
    let postgres = 0;
    if (pgPid !== null) {
      const master = await stat(pgPid);
      postgres += master ? master.own + master.children : 0;
      for (const name of await readdir('/proc')) {
        if (!/^\d+$/.test(name)) continue;
        const s = await stat(Number(name));
        if (s && s.ppid === pgPid) postgres += s.own;
      }
    }
    return { server: (server ? server.own : 0) * TICK_MS, postgres: postgres * TICK_MS };
  };
}
