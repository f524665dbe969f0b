import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// scripts/lib/up-to-date.sh, as scripts/start uses it: a build runs when its inputs changed since its last success.
const script = new URL('../../../scripts/lib/up-to-date.sh', import.meta.url).pathname;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'up-to-date-'));
  for (const pkg of ['a', 'b']) {
    await mkdir(join(dir, pkg, 'src'), { recursive: true });
    await writeFile(join(dir, pkg, 'src', 'index.ts'), `export const name = '${pkg}';\n`);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs build_if_changed for both packages; each build appends its name to builds.log (or fails when asked). */
function start(env: Record<string, string> = {}): void {
  const build = (pkg: string) =>
    `build_if_changed ${pkg} ${pkg}/dist "echo ${pkg} >> builds.log; [ \\"\${FAIL:-}\\" != ${pkg} ]" ${pkg}/src ${pkg}/public`;
  execFileSync('bash', ['-c', `set -euo pipefail; source "${script}"; ${build('a')}; ${build('b')}`], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}
/** The builds that ran since the last call. */
async function logged(): Promise<string[]> {
  const text = await readFile(join(dir, 'builds.log'), 'utf8').catch(() => '');
  await rm(join(dir, 'builds.log'), { force: true });
  return text.split('\n').filter(Boolean);
}

describe('scripts/lib/up-to-date.sh', () => {
  it('builds each package once, then only the one whose inputs changed', async () => {
    start();
    expect(await logged()).toEqual(['a', 'b']);
    start();
    expect(await logged()).toEqual([]);
    // A touch is not a change; an edit is, and a new file is.
    await utimes(join(dir, 'a', 'src', 'index.ts'), new Date(), new Date());
    start();
    expect(await logged()).toEqual([]);
    await writeFile(join(dir, 'b', 'src', 'index.ts'), `export const name = 'b2';\n`);
    start();
    expect(await logged()).toEqual(['b']);
    await writeFile(join(dir, 'a', 'src', 'extra.ts'), `export {};\n`);
    start();
    expect(await logged()).toEqual(['a']);
    // An input folder that did not exist (public/) appears.
    await mkdir(join(dir, 'b', 'public'));
    await writeFile(join(dir, 'b', 'public', 'logo.svg'), '<svg/>');
    start();
    expect(await logged()).toEqual(['b']);
    start({ FORCE_BUILD: '1' });
    expect(await logged()).toEqual(['a', 'b']);
  });

  it('a failed build leaves no stamp: the next start builds it again', async () => {
    await writeFile(join(dir, 'a', 'src', 'index.ts'), `export const name = 'a3';\n`);
    expect(() => start({ FAIL: 'a' })).toThrow();
    expect(await logged()).toEqual(['a']);
    start();
    expect(await logged()).toEqual(['a']);
    // Removing the output forgets its stamp.
    await rm(join(dir, 'b', 'dist'), { recursive: true });
    start();
    expect(await logged()).toEqual(['b']);
  });
});
