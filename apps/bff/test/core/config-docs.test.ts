import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configVariables } from '../../src/config.js';

const root = new URL('../../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

// Every variable the config schema reads is a contract: the README and .env.example must document it.
const variables = configVariables();

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
