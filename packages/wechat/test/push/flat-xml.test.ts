import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFlatXml } from '../../src/push/flat-xml.js';
import { parsePushXml, parsePushXmlGeneric } from '../../src/push/parse.js';

const names = fc.uniqueArray(
  fc.constantFrom('ToUserName', 'FromUserName', 'CreateTime', 'Event', 'CardId', 'A', 'b_1', 'x.y', 'Z-9'),
  { minLength: 1, maxLength: 6 },
);
const space = fc.constantFrom('', ' ', '\n', '\n  ', '\t', '\r\n');
const text = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', '9', ' ', '\n', '&', ';', '中', '-', '>', '/', '\u3000'),
});
const cdataText = fc
  .string({ unit: fc.constantFrom('a', '0', ' ', '<', '>', '&', ']', '中', '\n') })
  .filter((s) => !s.includes(']]>') && !s.endsWith(']'));
const value = fc.oneof(
  text.map((t) => t.replaceAll('<', '')),
  fc.tuple(space, cdataText, space).map(([a, t, b]) => `${a}<![CDATA[${t}]]>${b}`),
);

const flatDocument = fc
  .tuple(names, fc.array(value, { minLength: 6, maxLength: 6 }), space, space)
  .map(
    ([keys, values, lead, gap]) =>
      `${lead}<xml>${keys.map((k, i) => `${gap}<${k}>${values[i]}</${k}>`).join('')}${gap}</xml>${lead}`,
  );

/** Shapes outside the fast path; the result must still be fast-xml-parser's. */
const oddDocument = fc.constantFrom(
  '<xml><A x="1">v</A></xml>',
  '<xml><A>1</A><A>2</A></xml>',
  '<xml><A><B>1</B></A></xml>',
  '<xml><!-- note --><A>1</A></xml>',
  '<xml><A/><B>2</B></xml>',
  '<?xml version="1.0"?><xml><A>1</A></xml>',
  '<xml><A>1<![CDATA[2]]></A></xml>',
  '<xml><A>\u3000<![CDATA[2]]></A></xml>',
);

describe('the flat push XML reader', () => {
  it('reads every flat document exactly as fast-xml-parser does', () => {
    fc.assert(
      fc.property(flatDocument, (xml) => {
        const flat = readFlatXml(xml);
        expect(flat).toBeDefined();
        expect(flat).toEqual(parsePushXmlGeneric(xml));
      }),
      { numRuns: 400 },
    );
  });

  it('declines other shapes, which then parse exactly as fast-xml-parser does', () => {
    fc.assert(
      fc.property(oddDocument, (xml) => {
        expect(readFlatXml(xml)).toBeUndefined();
        expect(parsePushXml(xml)).toEqual(parsePushXmlGeneric(xml));
      }),
    );
  });

  it('declines unterminated or mismatched documents', () => {
    for (const xml of [
      '<xml></xml>',
      '<xml><A>1</A>',
      '<xml><A>1</B></xml>',
      '<xml><A><![CDATA[1</A></xml>',
      '<xml></xml>junk',
    ]) {
      expect(readFlatXml(xml)).toBeUndefined();
    }
  });
});
