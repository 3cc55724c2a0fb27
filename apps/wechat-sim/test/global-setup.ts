// One emulator key set for every test file (RSA generation costs about a second on a busy machine).

import type { TestProject } from 'vitest/node';
import { createSimKeys, type SimKeys } from '../src/app.js';

declare module 'vitest' {
  export interface ProvidedContext {
    simKeys: SimKeys;
  }
}

export default function setup(project: TestProject): void {
  project.provide('simKeys', createSimKeys());
}
