export * from './api.js';
export * from './errcodes.js';
export * from './money.js';
export * from './notices.js';
export * from './push.js';
export * from './subscribe-rules.js';
export * from './text.js';
