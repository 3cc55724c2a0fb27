// The message templates the emulated mini-program has picked in its admin; defaults are the product's notices.

import { DEMO_TEMPLATE_IDS, NOTICES, type NoticeKind } from '@checkout/shared';

export interface LegacyTemplate {
  id: string;
  title: string;
  /** Keyword labels in keyword1..N order. */
  keywords: readonly string[];
  notice?: NoticeKind;
}

export interface SubscribeTemplate {
  id: string;
  title: string;
  /** Key (e.g. `thing3`) -> label shown to the user. */
  keys: Readonly<Record<string, string>>;
  notice?: NoticeKind;
}

export interface SimTemplates {
  legacy: LegacyTemplate[];
  subscribe: SubscribeTemplate[];
}

export function defaultTemplates(): SimTemplates {
  const kinds = Object.keys(NOTICES) as NoticeKind[];
  return {
    legacy: kinds.map((kind) => ({
      id: DEMO_TEMPLATE_IDS.template[kind],
      title: NOTICES[kind].title,
      keywords: NOTICES[kind].templateKeywords,
      notice: kind,
    })),
    subscribe: kinds.map((kind) => ({
      id: DEMO_TEMPLATE_IDS.subscribe[kind],
      title: NOTICES[kind].title,
      keys: NOTICES[kind].subscribeKeys,
      notice: kind,
    })),
  };
}

/** The mini-program pages a notice may open (WeChat answers 41030 for any other). */
export const DEFAULT_PAGES: readonly string[] = [
  'pages/cart/payment/index',
  'pages/cart/results/index',
  'pages/orders/index',
];
