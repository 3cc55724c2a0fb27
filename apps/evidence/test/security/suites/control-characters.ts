// Control characters in every string of every route the OpenAPI document describes: NUL (PostgreSQL
// refuses it in text, so it used to surface as a 500), the other C0 characters and DEL. Each request is
// otherwise valid, so the schema has exactly one thing to refuse: always a 4xx naming the field, never
// a 5xx, nothing stored.

import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from '../../support/bff-process.js';
import { login } from '../../support/shopper.js';
import { type OpenApiDocument, stringSlots, withText } from '../openapi-requests.js';
import type { World } from '../world.js';

const CONTROL_CHARACTERS = ['\u0000', '\u0001', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f'];

export function controlCharactersSuite(world: () => World): void {
  describe('control characters in every string field of every route', () => {
    it('are refused with a 4xx naming the field, never a 5xx, and nothing is stored', async () => {
      const w = world();
      const doc = (await w.app.inject({ method: 'GET', url: '/docs/json' })).json() as OpenApiDocument;
      const slots = stringSlots(doc);
      // The document must really describe the API, or this suite would pass on nothing.
      expect(new Set(slots.map((s) => s.route)).size).toBeGreaterThan(12);
      expect(slots.map((s) => `${s.method} ${s.route} ${s.where} ${s.field}`)).toEqual(
        expect.arrayContaining(['POST /orders/ body items.0.sku', 'POST /admin/triggers/ body action.url']),
      );

      const shopper = await login(w.emulator, w.url);
      const authorization = {
        shopper: shopper.headers.authorization,
        admin: `Bearer ${ADMIN_TOKEN}`,
        anyone: undefined,
      };
      const before = {
        orders: await w.count('orders'),
        events: await w.count('events'),
        notices: await w.count('notice attempts'),
      };

      const failures: string[] = [];
      for (const slot of slots) {
        for (const character of CONTROL_CHARACTERS) {
          const { url, payload } = withText(slot, character);
          const token = authorization[slot.caller];
          const res = await w.app.inject({
            method: slot.method as 'GET',
            url,
            headers: token ? { authorization: token } : {},
            ...(payload === undefined ? {} : { payload: payload as object }),
          });
          const what = `${slot.method} ${slot.route} ${slot.where} "${slot.field}" with U+${character.charCodeAt(0).toString(16).padStart(4, '0')}: ${res.statusCode} ${res.body.slice(0, 200)}`;
          const refused = res.statusCode >= 400 && res.statusCode < 500;
          // A schema that restricts the field's characters refuses by naming it (the path refuses first
          // for a path parameter: the URL itself is bad).
          const named =
            !slot.patterned ||
            slot.where === 'path' ||
            String(res.json().message).includes(`"${slot.field}"`);
          if (!refused || !named) failures.push(what);
        }
      }
      expect(failures).toEqual([]);
      expect(await w.count('orders')).toBe(before.orders);
      expect(await w.count('events')).toBe(before.events);
      expect(await w.count('notice attempts')).toBe(before.notices);
    });
  });
}
