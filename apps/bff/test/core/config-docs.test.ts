import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

// Every variable config.ts reads is a contract: the README and .env.example must document it.
const variables = [...read('apps/bff/src/config.ts').matchAll(/\(env, '([A-Z][A-Z0-9_]+)'/g)].map(
  (m) => m[1]!,
);

describe('configuration docs', () => {
  it('finds the variables config.ts reads', () => {
    expect(variables).toContain('DATABASE_URL');
    expect(variables.length).toBeGreaterThan(25);
  });

  it.each(variables)('%s is in the README configuration table and in .env.example', (name) => {
    expect(read('README.md')).toContain(`\`${name}\``);
    expect(read('.env.example')).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});
