// Migrations in the order they run; a name once shipped never changes.
import type { Migration } from 'kysely';
import * as core from './0001_core.js';
import * as orders from './0002_orders.js';
import * as push from './0003_push.js';
import * as noticeInflight from './0004_notice_inflight.js';
import * as pushFidelity from './0005_push_fidelity.js';
import * as moneyPath from './0006_money_path.js';
import * as cardRedemptionDayIndex from './0007_card_redemption_day_index.js';
import * as platformCertificates from './0008_platform_certificates.js';

export const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_orders': orders,
  '0003_push': push,
  '0004_notice_inflight': noticeInflight,
  '0005_push_fidelity': pushFidelity,
  '0006_money_path': moneyPath,
  '0007_card_redemption_day_index': cardRedemptionDayIndex,
  '0008_platform_certificates': platformCertificates,
};
