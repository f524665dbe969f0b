import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes, errorCodeTable } from './errors.js';
import { FIELD_FORMATS, FIELD_RULE_NAMES } from './lib/field-rules.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the table of error codes', () => {
  it('holds every code the sources throw', () => {
    const thrown = new Set<string>();
    for (const file of sources(import.meta.dirname)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:DomainError|[a-z]+Error)\(\s*'([A-Z][A-Z_]+)'/g)) thrown.add(match[1]!);
      for (const match of text.matchAll(/code: '([A-Z][A-Z_]+)'/g)) thrown.add(match[1]!);
    }
    expect(thrown.size).toBeGreaterThan(20);
    expect([...thrown].filter((code) => !(code in errorCodes))).toEqual([]);
  });

  it('is phrased by the admin panel in one place, in both languages', () => {
    const panel = readFileSync(join(import.meta.dirname, '../../admin/src/errors.ts'), 'utf8');
    const phrased = new Set([...panel.matchAll(/^ {2}([A-Z][A-Z_]+): \{/gm)].map((match) => match[1]));
    const transport = ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST'];
    expect(Object.keys(errorCodes).filter((code) => !phrased.has(code) && !transport.includes(code))).toEqual([]);
  });

  it('names field rules and formats the admin panel phrases itself, never splicing in the API’s English', () => {
    const panel = readFileSync(join(import.meta.dirname, '../../admin/src/errors.ts'), 'utf8');
    const rules = new Set([...panel.matchAll(/case '(\w+)':/g)].map((match) => match[1]));
    const formats = new Set([...panel.matchAll(/^ {2}(\w+): \{ ru:/gm)].map((match) => match[1]));
    expect(FIELD_RULE_NAMES.filter((rule) => !rules.has(rule))).toEqual([]);
    expect(Object.keys(FIELD_FORMATS).filter((format) => !formats.has(format))).toEqual([]);
  });

  it('is what the README lists', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    expect(readme).toContain(errorCodeTable());
  });
});
