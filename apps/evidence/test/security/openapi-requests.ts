// Requests built from the BFF's own OpenAPI document: for every route, a request that its schema
// accepts, and the list of places in it that hold a string (body fields, query and path parameters).
// A suite then changes one place at a time, so the schema has exactly one thing to refuse.

import fc from 'fast-check';

/** The JSON-schema subset the BFF's TypeBox schemas produce. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  default?: unknown;
  minLength?: number;
  minimum?: number;
  minItems?: number;
}

interface Parameter {
  in: 'query' | 'path' | 'header';
  name: string;
  schema: JsonSchema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

export type Where = 'body' | 'query' | 'path';

/** One request the route's schema accepts, and one string place in it to change. */
export interface StringSlot {
  method: string;
  /** OpenAPI path, e.g. /orders/{sn} */
  route: string;
  where: Where;
  /** Field path inside the body / parameter name, e.g. items.0.sku */
  field: string;
  /** Whether the schema restricts this string's characters (so a refusal must name the field). */
  patterned: boolean;
  /** Who may call the route, from its OpenAPI security. */
  caller: 'shopper' | 'admin' | 'anyone';
  valid: { body?: unknown; query: Record<string, string>; path: Record<string, string> };
}

const INSTANT = '2026-01-01T00:00:00.000Z';
const DAY = '2026-01-01';

/** A value the schema accepts: the smallest one, with `pick` choosing among union variants. */
export function validValue(schema: JsonSchema, pick: (variants: JsonSchema[]) => JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return validValue(pick(schema.anyOf), pick);
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [name, validValue(property, pick)]),
      );
    case 'array':
      return schema.items ? [validValue(schema.items, pick)] : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      return validString(schema);
    default:
      return null;
  }
}

function validString(schema: JsonSchema): string {
  if (schema.format === 'date-time') return INSTANT;
  if (schema.format === 'date') return DAY;
  if (typeof schema.default === 'string') return schema.default;
  const length = Math.max(schema.minLength ?? 1, 1);
  if (schema.pattern && !schema.pattern.startsWith('^[^')) {
    const [sample] = fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { numRuns: 1, seed: 42 });
    return sample!;
  }
  return 'x'.repeat(length);
}

/** Every string place of a body schema, as [field path, its schema, the union choices leading to it]. */
function bodyStrings(
  schema: JsonSchema,
  path: string[] = [],
  choices: JsonSchema[] = [],
): { field: string[]; schema: JsonSchema; choices: JsonSchema[] }[] {
  if (schema.anyOf)
    return schema.anyOf.flatMap((variant) => bodyStrings(variant, path, [...choices, variant]));
  if (
    schema.type === 'string' &&
    schema.const === undefined &&
    !schema.enum &&
    schema.format !== 'date-time'
  ) {
    return [{ field: path, schema, choices }];
  }
  if (schema.type === 'array' && schema.items) return bodyStrings(schema.items, [...path, '0'], choices);
  if (schema.type === 'object') {
    const named = Object.entries(schema.properties ?? {}).flatMap(([name, property]) =>
      bodyStrings(property, [...path, name], choices),
    );
    const record = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    // A record (free keys): one key is added to carry the string.
    return record ? [...named, ...bodyStrings(record, [...path, 'Field'], choices)] : named;
  }
  return [];
}

function setAt(target: unknown, path: string[], value: unknown): void {
  let node = target as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path.at(-1)!] = value;
}

function getAt(target: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], target);
}

/** Every string place of every route the document describes. */
export function stringSlots(doc: OpenApiDocument): StringSlot[] {
  const slots: StringSlot[] = [];
  for (const [route, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const security = operation.security?.flatMap((s) => Object.keys(s)) ?? [];
      const caller = security.includes('admin')
        ? 'admin'
        : security.includes('shopper')
          ? 'shopper'
          : 'anyone';
      const firstVariant = (variants: JsonSchema[]) => variants[0]!;
      const parameters = operation.parameters ?? [];
      const parameterValues = (where: Where) =>
        Object.fromEntries(
          parameters
            .filter((p) => p.in === where)
            .map((p) => [p.name, String(validValue(p.schema, firstVariant))]),
        );
      const base = { method: method.toUpperCase(), route, caller } as const;
      for (const parameter of parameters) {
        if (parameter.in === 'header' || parameter.schema.type !== 'string' || parameter.schema.enum)
          continue;
        if (parameter.schema.format === 'date-time') continue;
        slots.push({
          ...base,
          where: parameter.in,
          field: parameter.name,
          patterned: parameter.schema.pattern !== undefined,
          valid: { query: parameterValues('query'), path: parameterValues('path') },
        });
      }
      const bodySchema = operation.requestBody?.content['application/json']?.schema;
      for (const place of bodySchema ? bodyStrings(bodySchema) : []) {
        // Take the union variants that lead to this string, the first one elsewhere.
        const pick = (variants: JsonSchema[]) =>
          variants.find((v) => place.choices.includes(v)) ?? variants[0]!;
        const body = validValue(bodySchema!, pick);
        if (getAt(body, place.field) === undefined) setAt(body, place.field, validString(place.schema));
        slots.push({
          ...base,
          where: 'body',
          field: place.field.join('.'),
          patterned: place.schema.pattern !== undefined,
          valid: { body, query: parameterValues('query'), path: parameterValues('path') },
        });
      }
    }
  }
  return slots;
}

/** The slot's request with `text` spliced into the middle of its string. */
export function withText(slot: StringSlot, text: string): { url: string; payload?: unknown } {
  const splice = (value: string) => value.slice(0, 1) + text + value.slice(1);
  const query = { ...slot.valid.query };
  const path = { ...slot.valid.path };
  const body = slot.valid.body === undefined ? undefined : structuredClone(slot.valid.body);
  if (slot.where === 'query') query[slot.field] = splice(query[slot.field]!);
  if (slot.where === 'path') path[slot.field] = splice(path[slot.field]!);
  if (slot.where === 'body') {
    const field = slot.field.split('.');
    setAt(body, field, splice(String(getAt(body, field))));
  }
  const url =
    slot.route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(path[name]!)) +
    (Object.keys(query).length ? `?${new URLSearchParams(query)}` : '');
  return { url, ...(body === undefined ? {} : { payload: body }) };
}
