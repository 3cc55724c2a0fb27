// A small HTTP load generator: keep-alive node:http, closed loop (fixed concurrency) or open loop (fixed
// rate, latency counted from the scheduled send time so queueing shows).

import http from 'node:http';

export interface LoadRequest {
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  latenciesMs: number[];
  perSecond: number;
}

export interface Target {
  port: number;
}

function send(agent: http.Agent, target: Target, request: LoadRequest): Promise<number> {
  return new Promise((resolve) => {
    const body = request.body ?? '';
    const req = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: request.path,
        method: request.method ?? 'POST',
        agent,
        headers: { ...request.headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** Closed loop: `concurrency` lanes spread over the targets, each sending as soon as its reply arrived. */
export async function closedLoop(
  targets: Target[],
  next: () => LoadRequest,
  options: { concurrency: number; durationMs: number },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const result: LoadResult = { ok: 0, failed: 0, statuses: {}, elapsedMs: 0, latenciesMs: [], perSecond: 0 };
  const started = performance.now();
  const end = started + options.durationMs;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, lane) => {
      const target = targets[lane % targets.length]!;
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await send(agent, target, next());
        record(result, status, performance.now() - t0);
      }
    }),
  );
  result.elapsedMs = performance.now() - started;
  result.perSecond = (result.ok / result.elapsedMs) * 1000;
  agent.destroy();
  return result;
}

/** Open loop: `rate` requests per second for `durationMs`, round-robin over the targets. */
export async function openLoop(
  targets: Target[],
  next: () => LoadRequest,
  options: { rate: number; durationMs: number },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const result: LoadResult = { ok: 0, failed: 0, statuses: {}, elapsedMs: 0, latenciesMs: [], perSecond: 0 };
  const total = Math.round((options.rate * options.durationMs) / 1000);
  const interval = 1000 / options.rate;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && started + i * interval <= now) {
        const scheduled = started + i * interval;
        const target = targets[i % targets.length]!;
        i++;
        pending.push(
          send(agent, target, next()).then((status) => record(result, status, performance.now() - scheduled)),
        );
      }
      if (i < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  result.elapsedMs = performance.now() - started;
  result.perSecond = (result.ok / result.elapsedMs) * 1000;
  agent.destroy();
  return result;
}

function record(result: LoadResult, status: number, ms: number): void {
  result.statuses[status] = (result.statuses[status] ?? 0) + 1;
  if (status >= 200 && status < 300) {
    result.ok++;
    result.latenciesMs.push(ms);
  } else result.failed++;
}
