// Prints the weapp build's size and fails above the main-package JS budget (20% of WeChat's 2 MB).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET_JS_BYTES = 400 * 1024;
const root = fileURLToPath(new URL('../dist/weapp', import.meta.url));

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory()
      ? listFiles(path)
      : [{ path: relative(root, path), bytes: statSync(path).size }];
  });
}

let files;
try {
  files = listFiles(root);
} catch {
  console.error(`check-size: ${root} is missing; run the weapp build first`);
  process.exit(1);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
// Source maps are not uploaded to WeChat, so they count toward neither figure.
const shipped = files.filter((file) => !file.path.endsWith('.map'));
const total = shipped.reduce((sum, file) => sum + file.bytes, 0);
const js = shipped.filter((file) => file.path.endsWith('.js'));
const totalJs = js.reduce((sum, file) => sum + file.bytes, 0);
const largest = shipped.reduce((max, file) => (file.bytes > max.bytes ? file : max), { path: '-', bytes: 0 });

console.log(
  `weapp dist: ${shipped.length} files, total ${kb(total)}, JS ${kb(totalJs)} (budget ${kb(BUDGET_JS_BYTES)})`,
);
console.log(`largest file: ${largest.path} ${kb(largest.bytes)}`);
if (totalJs > BUDGET_JS_BYTES) {
  console.error(`check-size: JS total ${kb(totalJs)} is over the ${kb(BUDGET_JS_BYTES)} budget`);
  process.exit(1);
}
