// Tables of the message-push feature: stored events, triggers, their runs and logs, card redemptions.

import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export interface PushTables {
  /** One row per distinct pushed message; (appid, dedup_key) is unique so redeliveries store nothing. */
  push_events: {
    id: Generated<number>;
    appid: string;
    dedup_key: string;
    msg_type: string;
    event: string | null;
    openid: string | null;
    create_time: Date;
    /** The message as received, in JSON form. */
    payload: Json<Record<string, unknown>>;
    received_at: Generated<Date>;
    duplicates: Generated<number>;
  };
  push_triggers: {
    id: Generated<number>;
    name: string;
    enabled: boolean;
    cond_appid: string | null;
    cond_msg_type: string | null;
    cond_event: string | null;
    /** Field equality, all values strings: {"ConsumeSource": "FROM_API"}. */
    cond_fields: Json<Record<string, string>>;
    action_type: string;
    /** Action settings: {url, secret} for forward, {name} for handler. */
    action_config: Json<Record<string, string>>;
    max_attempts: number;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  /** Work for the trigger worker: one row per (trigger, event), created with the event. */
  push_trigger_runs: {
    id: Generated<number>;
    trigger_id: number;
    event_id: number;
    status: 'pending' | 'succeeded' | 'failed';
    attempts: Generated<number>;
    /** When the next attempt may start; a claimed run moves it forward by the lease. */
    next_attempt_at: Generated<Date>;
    created_at: Generated<Date>;
    finished_at: Date | null;
  };
  /** One row per attempt; pruned after the retention period. */
  push_trigger_logs: {
    id: Generated<number>;
    run_id: number;
    trigger_id: number;
    trigger_name: string;
    event_id: number;
    attempt: number;
    status: 'succeeded' | 'retrying' | 'failed';
    duration_ms: number;
    error: string | null;
    created_at: Generated<Date>;
  };
  push_card_redemptions: {
    id: Generated<number>;
    event_id: number;
    appid: string;
    card_id: string;
    user_card_code: string;
    consume_source: string | null;
    location_name: string | null;
    staff_openid: string | null;
    verify_code: string | null;
    remark_amount: string | null;
    outer_str: string | null;
    /** WeChat Pay's out_trade_no and transaction id of a redemption through payment, and the store id. */
    out_trade_no: string | null;
    trans_id: string | null;
    location_id: string | null;
    openid: string;
    create_time: Date;
    recorded_at: Generated<Date>;
  };
}
