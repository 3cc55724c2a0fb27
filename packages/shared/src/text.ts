// Every string a client sends goes through Text(): PostgreSQL refuses NUL in text (a NUL would surface
// as a 500), and no field of this API has a use for the other C0 control characters or DEL.

import { type StringOptions, type TString, Type } from '@sinclair/typebox';

/** A JSON-schema pattern that matches strings free of C0 control characters (NUL, tab, newline...) and DEL. */
export const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001F\\u007F]*$';

/** A string from a client: the given limits, and no control characters. */
export function Text(options: Omit<StringOptions, 'pattern'> = {}): TString {
  return Type.String({ ...options, pattern: NO_CONTROL_CHARACTERS });
}
