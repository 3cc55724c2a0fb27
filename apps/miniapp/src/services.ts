// The composition root: the platform port, the BFF client on top of it, and the checkout flow.
import { type ApiClient, createApiClient } from './api/client';
import { type CheckoutFlow, createCheckoutFlow } from './checkout/flow';
import type { CheckoutPort } from './checkout/port';
import { API_BASE, SUBSCRIBE_TEMPLATE_IDS } from './config';
import { platformPort } from './platform/port';

export interface Services {
  port: CheckoutPort;
  api: ApiClient;
  checkout: CheckoutFlow;
}

export function createServices(port: CheckoutPort, apiBase: string = API_BASE): Services {
  const api = createApiClient({ port, baseUrl: apiBase });
  return {
    port,
    api,
    checkout: createCheckoutFlow({ port, api, subscribeTemplateIds: SUBSCRIBE_TEMPLATE_IDS }),
  };
}

let appServices: Services | undefined;

/** The app's services on this platform, built on first use (no work at import time). */
export function getAppServices(): Services {
  appServices ??= createServices(platformPort);
  return appServices;
}
