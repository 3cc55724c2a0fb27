// WeChat's event system on the rendered tree: the event object (type, timeStamp, target and
// currentTarget with id and dataset, detail, touches), bubbling from the target up through its
// ancestors, `bind*` handlers continuing and `catch*` handlers stopping it.
// https://developers.weixin.qq.com/miniprogram/dev/framework/view/wxml/event.html

import type { ElementNode } from '../render/tree.js';

/** Events that bubble; every other event (submit, input, change...) reaches the target only. */
const BUBBLING = new Set([
  'touchstart',
  'touchmove',
  'touchcancel',
  'touchend',
  'tap',
  'longpress',
  'longtap',
  'transitionend',
  'animationstart',
  'animationiteration',
  'animationend',
  'touchforcechange',
]);

export interface HandlerCall {
  /** The node whose attribute names the handler (its owner has the method). */
  node: ElementNode;
  handler: string;
  event: Record<string, unknown>;
}

function eventTarget(node: ElementNode) {
  return { id: node.id, dataset: node.dataset, offsetLeft: 0, offsetTop: 0 };
}

function handlerOn(node: ElementNode, type: string): { name: string; stops: boolean } | undefined {
  for (const [prefix, stops] of [
    ['bind', false],
    ['catch', true],
    ['mut-bind', false],
  ] as const) {
    const name = node.attr(`${prefix}${type}`) ?? node.attr(`${prefix}:${type}`);
    if (typeof name === 'string' && name !== '') return { name, stops };
  }
  return undefined;
}

/** The handler calls one event causes, in order, each with its own event object. */
export function eventPath(
  target: ElementNode,
  type: string,
  detail: unknown,
  timeStamp: number,
  bubbles = BUBBLING.has(type),
): HandlerCall[] {
  const touch = { identifier: 0, pageX: 10, pageY: 10, clientX: 10, clientY: 10, force: 1 };
  const touches = type.startsWith('touch') && type !== 'touchend' ? [touch] : [];
  const calls: HandlerCall[] = [];
  const path = bubbles ? [target, ...target.ancestors()] : [target];
  for (const node of path) {
    const handler = handlerOn(node, type);
    if (!handler) continue;
    calls.push({
      node,
      handler: handler.name,
      event: {
        type,
        timeStamp,
        target: eventTarget(target),
        currentTarget: eventTarget(node),
        mark: {},
        detail,
        touches,
        changedTouches: type.startsWith('touch') || type === 'tap' ? [touch] : [],
      },
    });
    if (handler.stops) break;
  }
  return calls;
}
