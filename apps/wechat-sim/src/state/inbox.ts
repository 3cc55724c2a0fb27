// The service notices each shopper received, in arrival order.

export interface InboxMessage {
  channel: 'template' | 'subscribe';
  appid: string;
  touser: string;
  template_id: string;
  title: string;
  page: string;
  data: Record<string, { value: string }>;
  /** Labels of the data keys as the template shows them, in display order. */
  rows: { key: string; label: string; value: string }[];
  emphasis_keyword?: string;
  form_id?: string;
  miniprogram_state?: string;
  lang?: string;
  /** ISO instant on the virtual clock. */
  at: string;
}

export class Inbox {
  private readonly messages: InboxMessage[] = [];

  deliver(message: InboxMessage): void {
    this.messages.push(message);
  }

  list(openid?: string): InboxMessage[] {
    return openid ? this.messages.filter((m) => m.touser === openid) : [...this.messages];
  }

  clear(): void {
    this.messages.length = 0;
  }
}
