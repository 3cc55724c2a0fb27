// The security evidence, run as one shop so the final scan sees every log line the run produced:
// webhook fuzzing, control characters in every string field, a hostile corpus, the access-control
// matrix, then the log scan.

import { afterAll, beforeAll } from 'vitest';
import { accessControlSuite } from './suites/access-control.js';
import { controlCharactersSuite } from './suites/control-characters.js';
import { fuzzSuite } from './suites/fuzz.js';
import { hostileCorpusSuite } from './suites/hostile-corpus.js';
import { logScanSuite } from './suites/log-scan.js';
import { openWorld, type World } from './world.js';

let world: World;
beforeAll(async () => {
  world = await openWorld();
});
afterAll(() => world?.close());

const current = () => world;
fuzzSuite(current);
controlCharactersSuite(current);
hostileCorpusSuite(current);
accessControlSuite(current);
logScanSuite(current);
