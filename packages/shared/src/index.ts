export * from './api.js';
export * from './errcodes.js';
export * from './money.js';
export * from './notices.js';
export * from './push.js';
export * from './refunds.js';
export * from './subscribe-rules.js';
