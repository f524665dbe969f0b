import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The import-boundary rule as CI runs it (`eslint .` in scripts/test, the repository's eslint.config.js), applied
// to source text placed at a path in the API: nothing is written to disk.
const repo = fileURLToPath(new URL('../../../', import.meta.url));
let eslint: ESLint;

async function problems(path: string, code: string): Promise<Array<{ rule: string | null; message: string }>> {
  const [result] = await eslint.lintText(code, { filePath: `${repo}packages/api/src/${path}` });
  return (result?.messages ?? []).map((message) => ({ rule: message.ruleId, message: message.message }));
}

describe('the import-boundary lint rule', () => {
  beforeAll(async () => {
    eslint = new ESLint({ cwd: repo });
    // The first lint loads the parser and the resolver (seconds); the cases below then take well under one.
    await problems('lib/warm-up.ts', "import { newId } from './ids.js';\nexport const id = newId;\n");
  });

  it('refuses lib/ importing a module', async () => {
    expect(
      await problems(
        'lib/probe.ts',
        "import { messages } from '../modules/notify/messages.js';\nexport const m = messages;\n",
      ),
    ).toContainEqual({ rule: 'import-x/no-restricted-paths', message: expect.stringContaining('lib/') });
  });

  it('refuses db/ importing a module or lib/', async () => {
    const found = await problems(
      'db/probe.ts',
      "import { User } from '../modules/identity/identity.entity.js';\nimport { newId } from '../lib/ids.js';\nexport const u = [User, newId];\n",
    );
    expect(found.filter((problem) => problem.rule === 'import-x/no-restricted-paths')).toHaveLength(2);
  });

  it('refuses a module importing one later in the order, or the composition root', async () => {
    const found = await problems(
      'modules/identity/probe.ts',
      "import { WalletService } from '../wallet/wallet.service.js';\nimport type { Services } from '../../services.js';\nexport type W = [WalletService, Services];\n",
    );
    expect(found.filter((problem) => problem.rule === 'import-x/no-restricted-paths')).toHaveLength(2);
  });

  it('lets a module import the modules before it, lib/ and db/', async () => {
    expect(
      await problems(
        'modules/wallet/probe.ts',
        "import { User } from '../identity/identity.entity.js';\nimport { newId } from '../../lib/ids.js';\nimport type { Em } from '../../db/orm.js';\nexport type W = [typeof User, typeof newId, Em];\n",
      ),
    ).toEqual([]);
  });

  it('refuses an import cycle', async () => {
    // lib/context.ts imports lib/roles.ts; roles importing context back closes a cycle.
    expect(
      await problems(
        'lib/roles.ts',
        "import { isStaff } from './context.js';\nexport const ROLES = ['ADMIN'] as const;\nexport const check = isStaff;\n",
      ),
    ).toContainEqual({ rule: 'import-x/no-cycle', message: expect.stringContaining('cycle') });
  });
});
