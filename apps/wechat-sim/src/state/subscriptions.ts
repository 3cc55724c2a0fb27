// Accepts from wx.requestSubscribeMessage: each accept allows exactly one subscribe send.

export class Subscriptions {
  private readonly accepts = new Map<string, number>();

  private key(appid: string, openid: string, templateId: string): string {
    return `${appid}\n${openid}\n${templateId}`;
  }

  accept(appid: string, openid: string, templateId: string): number {
    const key = this.key(appid, openid, templateId);
    const count = (this.accepts.get(key) ?? 0) + 1;
    this.accepts.set(key, count);
    return count;
  }

  remaining(appid: string, openid: string, templateId: string): number {
    return this.accepts.get(this.key(appid, openid, templateId)) ?? 0;
  }

  /** true when an accept was there and is now spent. */
  consume(appid: string, openid: string, templateId: string): boolean {
    const key = this.key(appid, openid, templateId);
    const count = this.accepts.get(key) ?? 0;
    if (count === 0) return false;
    this.accepts.set(key, count - 1);
    return true;
  }

  clear(): void {
    this.accepts.clear();
  }
}
