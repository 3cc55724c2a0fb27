// Openids identify shoppers: admin lists show enough to tell them apart, never the whole value.

export function maskOpenid(openid: string): string {
  if (openid.length <= 8) return '****';
  return `${openid.slice(0, 4)}****${openid.slice(-4)}`;
}

/** Message fields that hold an openid or unionid. */
const IDENTITY_FIELDS = ['FromUserName', 'StaffOpenId', 'FriendUserName', 'UnionId', 'OpenId'];

export function maskPayload(payload: Record<string, unknown>): Record<string, unknown> {
  const masked = { ...payload };
  for (const field of IDENTITY_FIELDS) {
    const value = masked[field];
    if (typeof value === 'string' && value !== '') masked[field] = maskOpenid(value);
  }
  return masked;
}
