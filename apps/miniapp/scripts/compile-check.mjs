// Compiles every .wxml/.wxss of dist/weapp with WeChat's own wcc/wcsc (npm miniprogram-compiler) and
// fails the build with the compiler's message; prints what they produce next to WeChat's 2 MB limit.
import { fileURLToPath } from 'node:url';
import { checkBundle, MAIN_PACKAGE_LIMIT_BYTES, WeappCompileError } from '@checkout/weapp-harness';

const root = fileURLToPath(new URL('../dist/weapp', import.meta.url));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

try {
  const figures = checkBundle(root);
  const compiled = figures.compiledWxmlBytes + figures.compiledWxssBytes + figures.jsBytes;
  console.log(
    `wcc/wcsc: compiled WXML ${kb(figures.compiledWxmlBytes)}, WXSS ${kb(figures.compiledWxssBytes)}, ` +
      `JS ${kb(figures.jsBytes)}: ${kb(compiled)} of WeChat's ${kb(MAIN_PACKAGE_LIMIT_BYTES)} main-package limit ` +
      `(package as uploaded ${kb(figures.packageBytes)})`,
  );
  if (figures.packageBytes > MAIN_PACKAGE_LIMIT_BYTES || compiled > MAIN_PACKAGE_LIMIT_BYTES) {
    console.error("compile-check: the main package is over WeChat's 2 MB limit");
    process.exit(1);
  }
} catch (error) {
  console.error(`compile-check: ${error instanceof WeappCompileError ? error.message : error.stack}`);
  process.exit(1);
}
