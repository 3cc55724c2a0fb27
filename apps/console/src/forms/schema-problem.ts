// A form is checked against the same @checkout/shared TypeBox schema the BFF validates the request
// with; this turns the first thing the schema finds wrong into a sentence the merchant reads.

import type { TSchema } from '@sinclair/typebox';
import { Errors, type ValueError, ValueErrorType } from '@sinclair/typebox/errors';

export interface FieldText {
  /** The field's name on the form, e.g. '运单号'. */
  label: string;
  /** How a value the schema's pattern accepts reads, e.g. '应为 4–32 位字母、数字或连字符'. */
  format?: string;
}

/** Form text per value path (JSON pointer, e.g. '/action/url'); a path also covers what is below it. */
export type FieldTexts = Record<string, FieldText>;

/** The union member the value meant: the one whose `type` literal it carries. */
function meantBranch(error: ValueError): ValueError | undefined {
  for (const branch of error.errors) {
    const errors = [...branch];
    const wrongType = errors.some((e) => e.type === ValueErrorType.Literal && e.path.endsWith('/type'));
    if (!wrongType) return errors[0];
  }
  return undefined;
}

function fieldFor(path: string, fields: FieldTexts): FieldText {
  let best: string | undefined;
  for (const key of Object.keys(fields)) {
    if ((path === key || path.startsWith(`${key}/`)) && key.length > (best?.length ?? -1)) best = key;
  }
  return best ? (fields[best] as FieldText) : { label: path.split('/').at(-1) || '表单' };
}

function describe(error: ValueError, fields: FieldTexts): string {
  const { label, format } = fieldFor(error.path, fields);
  const schema = error.schema as Record<string, unknown>;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return `请填写${label}`;
    case ValueErrorType.StringMinLength:
      return schema.minLength === 1 ? `请填写${label}` : `${label}至少 ${schema.minLength} 个字符`;
    case ValueErrorType.StringMaxLength:
      return `${label}最多 ${schema.maxLength} 个字符`;
    case ValueErrorType.StringPattern:
      return format ? `${label}${format}` : `${label}格式不正确`;
    case ValueErrorType.Integer:
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.IntegerMaximum:
      return schema.minimum !== undefined && schema.maximum !== undefined
        ? `${label}应为 ${schema.minimum}–${schema.maximum} 的整数`
        : `${label}应为整数`;
    case ValueErrorType.ObjectMaxProperties:
      return `${label}最多 ${schema.maxProperties} 项`;
    case ValueErrorType.ObjectAdditionalProperties:
      return `${label}不接受“${error.path.split('/').at(-1)}”`;
    default:
      return `${label}不正确（${error.message}）`;
  }
}

export interface SchemaProblem {
  /** Where in the value, e.g. '/condition/fields/1bad'. */
  path: string;
  /** What is wrong, in Chinese, naming the field. */
  message: string;
}

/** The first problem the schema finds in `value`; undefined when the value is valid. */
export function schemaProblem(
  schema: TSchema,
  value: unknown,
  fields: FieldTexts,
): SchemaProblem | undefined {
  let error = Errors(schema, value).First();
  while (error?.type === ValueErrorType.Union) {
    const branch = meantBranch(error);
    if (!branch) break;
    error = branch;
  }
  return error && { path: error.path, message: describe(error, fields) };
}
