// The pg client behind the PostgreSQL pool prepares marked statements once per connection and leaves
// every other statement alone. PGlite never uses it, so this runs where PostgreSQL is (CI sets
// DATABASE_URL).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreparingClient, preparedAs } from '../../src/db/prepared-statements.js';

const url = process.env.DATABASE_URL;

describe.runIf(url)('PreparingClient on PostgreSQL', () => {
  const client = new PreparingClient({ connectionString: url });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  const preparedNames = async () =>
    (await client.query('SELECT name FROM pg_prepared_statements ORDER BY name')).rows.map(
      (r: { name: string }) => r.name,
    );

  it('prepares a marked statement once and reuses it with new values', async () => {
    const text = `${preparedAs('test-add-one')} SELECT $1::int + 1 AS n`;
    expect((await client.query(text, [1])).rows).toEqual([{ n: 2 }]);
    expect((await client.query(text, [41])).rows).toEqual([{ n: 42 }]);
    expect(await preparedNames()).toEqual(['test-add-one']);
  });

  it('accepts leading whitespace before the marker, as sql`` templates produce', async () => {
    const text = `\n    ${preparedAs('test-indented')}\n    SELECT $1::text AS s`;
    expect((await client.query(text, ['x'])).rows).toEqual([{ s: 'x' }]);
    expect(await preparedNames()).toContain('test-indented');
  });

  it('leaves unmarked and malformed-marker statements unprepared', async () => {
    const before = await preparedNames();
    expect((await client.query('SELECT $1::int * 2 AS n', [21])).rows).toEqual([{ n: 42 }]);
    expect((await client.query('SELECT 1 AS n /* prepared: at-the-end */', [])).rows).toEqual([{ n: 1 }]);
    expect((await client.query('/* prepared: Not A Name */ SELECT 2 AS n', [])).rows).toEqual([{ n: 2 }]);
    expect(await preparedNames()).toEqual(before);
  });
});
