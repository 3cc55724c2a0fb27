// The emulator's state: one object per concern, all reading the same virtual clock.

import type { FastifyBaseLogger } from 'fastify';
import { VirtualClock } from './clock.js';
import { PayNotifier } from './delivery/pay-notifier.js';
import { RefundSettler } from './delivery/refund-settler.js';
import { type BffEnv, envFromSource } from './env.js';
import type { SimConfig } from './options.js';
import { AccessTokens } from './state/access-tokens.js';
import { Faults } from './state/faults.js';
import { ForceRefreshes } from './state/force-refreshes.js';
import { FormIds } from './state/form-ids.js';
import { Inbox } from './state/inbox.js';
import { Limits } from './state/limits.js';
import { LoginCodes } from './state/login-codes.js';
import { PayFaults } from './state/pay-faults.js';
import { PayOrders } from './state/pay-orders.js';
import { PlatformKeys } from './state/platform-keys.js';
import { PushDeliveries } from './state/push-deliveries.js';
import { Refunds } from './state/refunds.js';
import { Stats } from './state/stats.js';
import { Subscriptions } from './state/subscriptions.js';
import { Users } from './state/users.js';

export class Sim {
  readonly clock = new VirtualClock();
  readonly users = new Users();
  readonly loginCodes = new LoginCodes();
  readonly tokens: AccessTokens;
  readonly forceRefreshes = new ForceRefreshes();
  readonly formIds = new FormIds();
  readonly subscriptions = new Subscriptions();
  readonly orders = new PayOrders();
  readonly inbox = new Inbox();
  readonly pushDeliveries = new PushDeliveries();
  readonly faults = new Faults();
  readonly limits: Limits;
  readonly stats = new Stats();
  readonly notifier: PayNotifier;
  readonly refunds = new Refunds();
  readonly payFaults = new PayFaults();
  readonly refundSettler: RefundSettler;
  /** Who signs Pay answers and notifications; the platform certificates and their rotation. */
  readonly platformKeys: PlatformKeys;
  /** Whether template sends are served; starts from the option, POST /sim/template-api flips it. */
  templateApi: boolean;

  constructor(
    readonly config: SimConfig,
    log: FastifyBaseLogger,
  ) {
    this.tokens = new AccessTokens(config.tokenGraceMs);
    this.templateApi = config.templateApi;
    this.limits = new Limits(config.rateLimitPerMinute, config.dailyQuota);
    this.platformKeys = new PlatformKeys(config.platform);
    this.notifier = new PayNotifier(config, this.clock, this.faults, log, this.payFaults, this.platformKeys);
    this.refundSettler = new RefundSettler(config, this.clock, this.refunds, this.notifier);
  }

  /** The BFF settings for this emulator reached at baseUrl, PEMs inline. */
  env(baseUrl: string): BffEnv {
    const { config } = this;
    const app = config.apps.get(config.defaultAppid)!;
    return envFromSource(
      {
        app,
        mchid: config.merchant.mchid,
        merchantSerial: config.merchant.serialNo,
        merchantPrivateKey: config.merchant.privateKeyPem,
        apiV3Key: config.apiV3Key,
        platformSerial: config.platform.serial,
        platformPublicKey: config.platform.publicKeyPem,
        push: config.push.get(app.appid)!,
        officialAccountPush: {
          appid: config.officialAccount.appid,
          ...config.push.get(config.officialAccount.appid)!,
        },
        templates: config.templates,
      },
      baseUrl,
    );
  }

  /** Everything but the configuration (apps, keys, templates) goes back to empty. */
  reset(): void {
    this.clock.reset();
    this.templateApi = this.config.templateApi;
    this.users.clear();
    this.loginCodes.clear();
    this.tokens.clear();
    this.forceRefreshes.clear();
    this.formIds.clear();
    this.subscriptions.clear();
    this.orders.clear();
    this.inbox.clear();
    this.pushDeliveries.clear();
    this.faults.clear();
    this.limits.clear();
    this.stats.clear();
    this.notifier.reset();
    this.refunds.clear();
    this.payFaults.clear();
    this.refundSettler.reset();
    this.platformKeys.reset();
  }
}
