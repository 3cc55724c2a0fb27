export { type BundleFigures, checkBundle, MAIN_PACKAGE_LIMIT_BYTES } from './compile/bundle-check.js';
export { compilerBinaries, compileWxml, compileWxss, WeappCompileError } from './compile/wechat-compilers.js';
export { HarnessError } from './failures.js';
export { loadTemplates, type Templates } from './render/templates.js';
export type { ElementNode, TreeChild } from './render/tree.js';
export { DEVTOOLS_FORM_ID, type LaunchOptions, launch, MiniProgram } from './runtime/mini-program.js';
export type { PageInstance } from './runtime/page-instance.js';
export type { CashierOutcome } from './wx/emulator.js';
export type { RecordedPayment, RecordedRequest, ShopperControls, WxState } from './wx/state.js';
