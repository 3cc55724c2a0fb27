// Every expiry in the emulator reads this clock, so tests can jump days ahead without waiting.

export class VirtualClock {
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  /** Virtual epoch milliseconds. */
  now(): number {
    return this.realNow() + this.offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(seconds: number): number {
    this.offsetMs += seconds * 1000;
    return this.now();
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

/** WeChat's quota day is the calendar day in China Standard Time (UTC+8). */
export function chinaDayIndex(epochMs: number): number {
  return Math.floor((epochMs + 8 * 3600_000) / 86_400_000);
}

/** RFC 3339 in +08:00, the form WeChat Pay writes times in: `2026-11-23T14:05:00+08:00`. */
export function toChinaRfc3339(epochMs: number): string {
  const shifted = new Date(epochMs + 8 * 3600_000).toISOString().slice(0, 19);
  return `${shifted}+08:00`;
}
