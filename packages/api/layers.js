// The API's layers and module order, read by the import-boundary lint rule (eslint.config.js) and documented in
// the README's ARCHITECTURE section. A file may import only from its own layer or the layers below it; a module
// only from itself and the modules before it in MODULE_ORDER.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Lowest first. */
export const MODULE_ORDER = [
  'audit',
  'attachments',
  'calendar',
  'notify',
  'identity',
  'help',
  'catalog',
  'hotline',
  'tickets',
  'integrations',
  'ticket-events',
  'wallet',
  'chat',
  'dashboard',
  'system',
];

/**
 * `import-x/no-restricted-paths` zones for the API at `apiSrc` (relative to the ESLint working directory):
 * config.ts → db/ → lib/ → modules (in order) → the composition root (every other file in src/, and src/server/).
 */
export function layerZones(apiSrc) {
  const entries = readdirSync(apiSrc, { withFileTypes: true });
  const modules = readdirSync(join(apiSrc, 'modules'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const unordered = modules.filter((name) => !MODULE_ORDER.includes(name));
  if (unordered.length > 0) {
    throw new Error(`${apiSrc}/modules/${unordered[0]} is not in MODULE_ORDER (packages/api/layers.js): place it`);
  }
  const at = (path) => `${apiSrc}/${path}`;
  // The composition root: every file and folder of src/ that is not a lower layer (migrations are the CLI's).
  const lower = new Set(['config.ts', 'db', 'lib', 'modules', 'migrations']);
  const root = entries.filter((entry) => !lower.has(entry.name)).map((entry) => at(entry.name));
  const moduleDirs = MODULE_ORDER.map((name) => at(`modules/${name}`));
  const above = (message, ...from) => ({ from: from.flat(), message });
  return [
    { target: at('config.ts'), ...above('config.ts is the bottom layer', at('db'), at('lib'), at('modules'), root) },
    { target: at('db'), ...above('db/ imports only config.ts', at('lib'), at('modules'), root) },
    { target: at('lib'), ...above('lib/ imports only db/ and config.ts, never a module', at('modules'), root) },
    ...MODULE_ORDER.map((name, index) => ({
      target: at(`modules/${name}`),
      ...above(
        `a module imports only the modules before it in MODULE_ORDER (packages/api/layers.js) and never the composition root`,
        moduleDirs.slice(index + 1),
        root,
      ),
    })),
  ].filter((zone) => zone.from.length > 0);
}
