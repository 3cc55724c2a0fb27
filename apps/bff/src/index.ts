// What other packages import from @checkout/bff: the app plugin, a builder, and the log redaction.

export { type AppOptions, default as app } from './app.js';
export { type BuildAppOptions, buildApp } from './build-app.js';
export { REDACTED_PATHS, serverOptions } from './server-options.js';
