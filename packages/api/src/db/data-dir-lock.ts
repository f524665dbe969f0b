import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file that marks an embedded data folder as in use, holding the owner's process id. */
export const LOCK_FILE = 'support.lock';

/** Another live process has the embedded data folder open. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by process ${pid}; stop that process first ` +
        '(PGlite serves one process: a second one would write into a copy the first never sees).',
    );
    this.name = 'DataDirInUseError';
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes the embedded data folder for this process, or refuses at once naming the folder and the process holding it.
 * The lock is a file created exclusively (O_EXCL) with our process id; a lock whose process is gone (stopped or
 * killed with SIGKILL) is stale and taken over. Returns the release, which removes the file if it is still ours.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  const mine = String(process.pid);
  for (let tries = 0; tries < 3; tries += 1) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(file, 'utf8') === mine) rmSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(file, 'utf8').trim());
    } catch {
      continue; // released meanwhile: try again
    }
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new DataDirInUseError(dataDir, holder);
    }
    // Stale (its process is gone) or unreadable: remove it if it still names that holder, then try again.
    try {
      if (readFileSync(file, 'utf8').trim() === String(holder)) rmSync(file);
    } catch {
      // Someone else removed it.
    }
  }
  throw new Error(`could not lock the data folder ${dataDir}`);
}
