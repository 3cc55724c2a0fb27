// A throwaway copy of the hand-written fixture mini-program, for tests that break one of its files.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FIXTURE = resolve(import.meta.dirname, 'fixture');

export function copyFixture(): { root: string; remove(): void } {
  const root = join(mkdtempSync(join(tmpdir(), 'weapp-fixture-')), 'app');
  cpSync(FIXTURE, root, { recursive: true });
  return { root, remove: () => rmSync(resolve(root, '..'), { recursive: true, force: true }) };
}
