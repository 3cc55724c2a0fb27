// A fast reader for the one XML shape WeChat pushes: <xml> with child elements holding text or one CDATA
// section. It returns undefined for anything else (attributes, comments, nesting, repeats, declarations)
// and the caller then uses fast-xml-parser, so results are the same; the test suite checks that.

/** `[A-Za-z_][A-Za-z0-9_.-]*`, checked by char code: this runs once per element on the hot path. */
function isPlainName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
    if (letter) continue;
    if (i === 0) return false;
    if (!((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d)) return false;
  }
  return true;
}

// Names that would reach Object.prototype machinery; the generic path refuses them with an error.
const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';

function skipSpace(xml: string, at: number): number {
  let i = at;
  while (i < xml.length) {
    const c = xml.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** Fields of a flat `<xml>` document, values trimmed strings; undefined when the document is not flat. */
export function readFlatXml(xml: string): Record<string, string> | undefined {
  let i = skipSpace(xml, 0);
  if (!xml.startsWith('<xml>', i)) return undefined;
  i += 5;
  const fields: Record<string, string> = {};
  for (;;) {
    i = skipSpace(xml, i);
    if (xml.startsWith('</xml>', i)) {
      const complete = skipSpace(xml, i + 6) === xml.length;
      return complete && Object.keys(fields).length > 0 ? fields : undefined;
    }
    if (xml.charCodeAt(i) !== 0x3c /* < */) return undefined;
    const nameEnd = xml.indexOf('>', i + 1);
    if (nameEnd === -1) return undefined;
    const name = xml.slice(i + 1, nameEnd);
    if (!isPlainName(name) || RESERVED_NAMES.has(name) || Object.hasOwn(fields, name)) return undefined;
    i = nameEnd + 1;
    let value: string;
    const contentStart = skipSpace(xml, i);
    if (xml.startsWith(CDATA_OPEN, contentStart)) {
      const cdataEnd = xml.indexOf(CDATA_CLOSE, contentStart + CDATA_OPEN.length);
      if (cdataEnd === -1) return undefined;
      value = xml.slice(contentStart + CDATA_OPEN.length, cdataEnd).trim();
      i = skipSpace(xml, cdataEnd + CDATA_CLOSE.length);
    } else {
      const textEnd = xml.indexOf('<', i);
      if (textEnd === -1) return undefined;
      value = xml.slice(i, textEnd).trim();
      i = textEnd;
    }
    // `</name>` without building the string.
    if (xml.charCodeAt(i) !== 0x3c || xml.charCodeAt(i + 1) !== 0x2f || !xml.startsWith(name, i + 2))
      return undefined;
    i += name.length + 2;
    if (xml.charCodeAt(i) !== 0x3e /* > */) return undefined;
    i++;
    fields[name] = value;
  }
}
