import { readdir, readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';

/** Clock ticks per second of /proc's CPU times (getconf CLK_TCK; 100 on Linux). */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/**
 * CPU time used so far by the PostgreSQL server's processes (the postmaster, its backends and helpers), in
 * milliseconds, from /proc/<pid>/stat (utime + stime). The bench takes the difference over a measured run; the
 * pools' backends live through the whole run, so the difference is the server's work for it. Needs the server on
 * this machine; where /proc cannot be read it answers NaN and the report shows "—".
 */
export async function postgresCpuMs(database?: string): Promise<number> {
  let ticks = 0;
  let seen = 0;
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return Number.NaN;
  }
  for (const pid of pids) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      if (name !== 'postgres' && !name.startsWith('postgres:')) continue;
      // One database's backends only ("postgres: <user> <database> <client> <state>"), when asked: other work on a
      // shared server (tests, other databases) is then not charged to the run.
      if (database && !(await readFile(`/proc/${pid}/cmdline`, 'utf8')).includes(` ${database} `)) continue;
      const fields = stat.slice(close + 2).split(' ');
      // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the name and state.
      ticks += Number(fields[11]) + Number(fields[12]);
      seen += 1;
    } catch {
      // the process ended between listing and reading
    }
  }
  return seen ? (ticks * 1000) / TICKS : Number.NaN;
}
