import { accessSync, appendFileSync, constants, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBundle } from '../src/compile/bundle-check.js';
import {
  compilerBinaries,
  compileWxml,
  compileWxss,
  WeappCompileError,
} from '../src/compile/wechat-compilers.js';
import { loadTemplates } from '../src/render/templates.js';
import { copyFixture, FIXTURE } from './copy-fixture.js';

let copy: ReturnType<typeof copyFixture> | undefined;
afterEach(() => {
  copy?.remove();
  copy = undefined;
});

describe("WeChat's compilers", () => {
  it('ship executable wcc and wcsc binaries', () => {
    const { wcc, wcsc } = compilerBinaries();
    expect(() => accessSync(wcc, constants.X_OK)).not.toThrow();
    expect(() => accessSync(wcsc, constants.X_OK)).not.toThrow();
  });

  it('compile the fixture into a $gwx that renders its pages', () => {
    const templates = loadTemplates(compileWxml(FIXTURE));
    const page = templates.render('pages/detail/index.wxml', { id: '7' });
    expect(page.tag).toBe('page');
    expect(page.get('view.detail').text).toBe('商品 7');
    expect(Object.keys(compileWxss(FIXTURE)).length).toBeGreaterThan(0);
  });

  it('refuse a WXML syntax error, naming the file, line and column', () => {
    copy = copyFixture();
    appendFileSync(join(copy.root, 'pages/detail/index.wxml'), '<view class="unclosed">\n');
    const attempt = () => compileWxml(copy!.root);
    expect(attempt).toThrow(WeappCompileError);
    expect(attempt).toThrow(/pages\/detail\/index\.wxml:3:\d+: end tag missing/);
  });

  it('refuse a WXSS syntax error, naming the file and line', () => {
    copy = copyFixture();
    writeFileSync(join(copy.root, 'pages/index/index.wxss'), '.line { color: red;\n .total {');
    expect(() => compileWxss(copy!.root)).toThrow(/pages\/index\/index\.wxss\(2:\d+\)/);
    expect(() => checkBundle(copy!.root)).toThrow(WeappCompileError);
  });

  it('turn a missing template (only logged by $gwx) into a failure', () => {
    copy = copyFixture();
    writeFileSync(join(copy.root, 'pages/detail/index.wxml'), '<template is="price-tag" data="{{id}}" />');
    const templates = loadTemplates(compileWxml(copy.root));
    expect(() => templates.render('pages/detail/index.wxml', { id: '7' })).toThrow(
      /rendering pages\/detail\/index\.wxml failed: .*Template `price-tag` not found/,
    );
    expect(() => templates.render('pages/nowhere/index.wxml', {})).toThrow(
      /no compiled WXML for pages\/nowhere/,
    );
  });

  it('measure a bundle: compiled WXML and WXSS, JS and the package as uploaded', () => {
    const figures = checkBundle(FIXTURE);
    expect(figures.compiledWxmlBytes).toBeGreaterThan(1000);
    expect(figures.compiledWxssBytes).toBeGreaterThan(0);
    expect(figures.jsBytes).toBeGreaterThan(500);
    expect(figures.packageBytes).toBeGreaterThan(figures.jsBytes);
  });
});
