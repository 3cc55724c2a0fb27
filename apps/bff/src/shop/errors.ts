// Error codes of the shopper, payment and admin-order routes; each 4xx names the problem.

import createError from '@fastify/error';

export const LoginCodeInvalid = createError<'LOGIN_CODE_INVALID', 400, [string]>(
  'LOGIN_CODE_INVALID',
  'login code is invalid, expired or already used (WeChat errcode %s); call wx.login again',
  400,
);
export const WechatUnavailable = createError<'WX_UNAVAILABLE', 502, []>(
  'WX_UNAVAILABLE',
  'WeChat did not answer; try again',
  502,
);
export const UnknownSku = createError<'UNKNOWN_SKU', 400, [string]>(
  'UNKNOWN_SKU',
  'body.items has unknown or unavailable sku: %s',
  400,
);
export const OrderNotFound = createError<'ORDER_NOT_FOUND', 404, [string]>(
  'ORDER_NOT_FOUND',
  'order %s not found',
  404,
);
export const OrderNotPayable = createError<'ORDER_NOT_PAYABLE', 409, [string, string]>(
  'ORDER_NOT_PAYABLE',
  'order %s is %s; only an unpaid order can be paid',
  409,
);
export const OrderClosed = createError<'ORDER_CLOSED', 409, [string]>(
  'ORDER_CLOSED',
  'order %s is closed',
  409,
);
export const OrderNotShippable = createError<'ORDER_NOT_SHIPPABLE', 409, [string, string]>(
  'ORDER_NOT_SHIPPABLE',
  'order %s is %s; only a paid order can be shipped',
  409,
);
export const OrderAlreadyShipped = createError<'ORDER_ALREADY_SHIPPED', 409, [string, string]>(
  'ORDER_ALREADY_SHIPPED',
  'order %s was already shipped with tracking number %s',
  409,
);
export const PayUnavailable = createError<'PAY_UNAVAILABLE', 502, []>(
  'PAY_UNAVAILABLE',
  'WeChat Pay did not accept the order; try again',
  502,
);
