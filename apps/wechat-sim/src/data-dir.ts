// Keys generated on first start and reused after, so a BFF configured once keeps working across restarts.

import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type BffEnv, simEnv, toDotenv } from './env.js';
import { createOfficialAccountKeys, createSimKeys, type SimKeys } from './keys.js';

export interface SimDataDir {
  dir: string;
  keys: SimKeys;
  /** true when this start generated the keys. */
  created: boolean;
  files: { merchantPrivateKey: string; platformPublicKey: string };
}

const KEYS_FILE = 'keys.json';

function isSimKeys(value: unknown): value is SimKeys {
  const keys = value as Partial<SimKeys> | null;
  return (
    !!keys &&
    Array.isArray(keys.apps) &&
    keys.apps.length > 0 &&
    typeof keys.merchant?.privateKey === 'string' &&
    typeof keys.platform?.privateKey === 'string' &&
    typeof keys.apiV3Key === 'string' &&
    typeof keys.push === 'object'
  );
}

async function writeSecret(path: string, content: string): Promise<void> {
  await writeFile(path, content, { mode: 0o600 });
  await chmod(path, 0o600);
}

export async function loadOrCreateKeys(dataDir: string): Promise<SimDataDir> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const keysPath = join(dir, KEYS_FILE);
  let keys: SimKeys;
  let created = false;
  if (existsSync(keysPath)) {
    const parsed: unknown = JSON.parse(await readFile(keysPath, 'utf8'));
    if (!isSimKeys(parsed))
      throw new Error(`${keysPath} is not a wechat-sim keys file; delete it to regenerate`);
    keys = parsed;
    if (!keys.officialAccount) {
      // A key file from before the Official Account was modelled: add one, keep everything else.
      const oa = createOfficialAccountKeys();
      keys = {
        ...keys,
        officialAccount: oa.officialAccount,
        push: { ...keys.push, [oa.officialAccount.appid]: oa.push },
      };
      await writeSecret(keysPath, `${JSON.stringify(keys, null, 2)}\n`);
    }
  } else {
    keys = createSimKeys();
    created = true;
    await writeSecret(keysPath, `${JSON.stringify(keys, null, 2)}\n`);
  }
  const files = {
    merchantPrivateKey: join(dir, 'merchant-private-key.pem'),
    platformPublicKey: join(dir, 'platform-public-key.pem'),
  };
  await writeSecret(files.merchantPrivateKey, keys.merchant.privateKey);
  await writeFile(files.platformPublicKey, keys.platform.publicKey);
  return { dir, keys, created, files };
}

/** Writes `bff.env` (key paths, not inline PEMs) and returns its path and content. */
export async function writeBffEnv(data: SimDataDir, baseUrl: string): Promise<{ path: string; env: BffEnv }> {
  const env = simEnv(data.keys, baseUrl, { files: data.files });
  const path = join(data.dir, 'bff.env');
  await writeSecret(path, toDotenv(env));
  return { path, env };
}
