// The handlers the BFF ships with. Add a handler here (or pass one in buildApp's push.handlers) and
// point a trigger at it with {"type": "handler", "name": "..."}.

import type { PushEventHandler } from './handler-registry.js';

/** Logs the outcome of a card review (card_pass_check / card_not_pass_check) for the merchant's ops. */
const logCardReview: PushEventHandler = async (event, { log }) => {
  const passed = event.event?.toLowerCase() === 'card_pass_check';
  log.info(
    { eventId: event.id, appid: event.appid, cardId: event.payload.CardId, passed },
    passed ? 'card passed review' : 'card did not pass review',
  );
};

export const BUILT_IN_HANDLERS: Record<string, PushEventHandler> = {
  'log-card-review': logCardReview,
};
