// The load generator, run in a worker thread so it never shares the servers' event loop. Plain
// JavaScript (eval'd), keep-alive HTTP/1.1 over node:http. It signs and encrypts its own requests
// before the clock starts, so the servers' heap never holds the load (tens of MB of request strings).

/** Distinct safe-mode user_consume_card pushes, signed and encrypted like WeChat's. */
export interface PushRequestSpec {
  /** file: URL of @checkout/wechat's entry; the worker imports PushCrypto from it. */
  wechatUrl: string;
  app: { appid: string; token: string; encodingAESKey: string };
  count: number;
  /** UserCardCode = runTag + serial, so no two requests of one bench run are the same event. */
  runTag: string;
  firstSerial: number;
}

export interface LoadJob {
  port: number;
  pushes: PushRequestSpec;
  durationMs: number;
  /** Closed loop: this many connections, each sending as soon as the previous reply arrived. */
  concurrency?: number;
  /** Open loop: this many requests per second on schedule (latency counted from the scheduled time). */
  rate?: number;
}

export interface LoadResult {
  completed: number;
  failed: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  latenciesMs: number[];
  reusedRequests: boolean;
  /** The load thread's own worst event-loop delay: a stall here is the generator's, not the server's. */
  loopDelayMaxMs: number;
}

export const LOAD_WORKER_SOURCE = `
const http = require('node:http');
const { parentPort, workerData: job } = require('node:worker_threads');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency || 256 });
let next = 0;
const requests = [];
const result = { completed: 0, failed: 0, statuses: {}, latenciesMs: [], reusedRequests: false };
function send(request) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port: job.port, path: request.path, method: 'POST', agent,
      headers: { 'content-type': request.contentType, 'content-length': Buffer.byteLength(request.body) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve(res.statusCode === 200 && body === 'success' ? String(res.statusCode) : 'bad ' + res.statusCode + ' ' + body.slice(0, 80)));
    });
    req.on('error', (e) => resolve('error ' + e.message));
    req.end(request.body);
  });
}
async function prepare(spec) {
  const { PushCrypto } = await import(spec.wechatUrl);
  const crypto = new PushCrypto(spec.app);
  const timestamp = String(Math.floor(Date.now() / 1000));
  for (let serial = spec.firstSerial; serial < spec.firstSerial + spec.count; serial++) {
    const message =
      '<xml><ToUserName><![CDATA[gh_bench0000001]]></ToUserName>' +
      '<FromUserName><![CDATA[oBenchShopper' + String(serial % 997).padStart(14, '0') + ']]></FromUserName>' +
      '<CreateTime>' + timestamp + '</CreateTime><MsgType><![CDATA[event]]></MsgType>' +
      '<Event><![CDATA[user_consume_card]]></Event><CardId><![CDATA[pBenchCard000000000000000001]]></CardId>' +
      '<UserCardCode><![CDATA[' + spec.runTag + String(serial).padStart(10, '0') + ']]></UserCardCode>' +
      '<ConsumeSource><![CDATA[FROM_API]]></ConsumeSource></xml>';
    const nonce = String(serial);
    const encrypt = crypto.encrypt(message);
    const query = new URLSearchParams({
      signature: crypto.signature(timestamp, nonce),
      timestamp,
      nonce,
      encrypt_type: 'aes',
      msg_signature: crypto.signature(timestamp, nonce, encrypt),
    });
    requests.push({
      path: '/wx/push/' + spec.app.appid + '?' + query,
      body: '<xml><ToUserName><![CDATA[gh_bench0000001]]></ToUserName><Encrypt><![CDATA[' + encrypt + ']]></Encrypt></xml>',
      contentType: 'text/xml',
    });
  }
}
function take() {
  if (next >= requests.length) { next = 0; result.reusedRequests = true; }
  return requests[next++];
}
function record(status, ms) {
  result.statuses[status] = (result.statuses[status] || 0) + 1;
  if (status === '200') { result.completed++; result.latenciesMs.push(ms); } else result.failed++;
}
async function closed(started) {
  const end = started + job.durationMs;
  async function lane() {
    while (performance.now() < end) {
      const t0 = performance.now();
      const status = await send(take());
      record(status, performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: job.concurrency }, lane));
}
async function open(started) {
  const total = Math.round((job.rate * job.durationMs) / 1000);
  const interval = 1000 / job.rate;
  const pending = [];
  let i = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && started + i * interval <= now) {
        const scheduled = started + i * interval;
        i++;
        pending.push(send(take()).then((status) => record(status, performance.now() - scheduled)));
      }
      if (i < total) setTimeout(tick, 1); else resolve();
    };
    tick();
  });
  await Promise.all(pending);
}
(async () => {
  await prepare(job.pushes);
  parentPort.postMessage('started');
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  if (job.rate) await open(started); else await closed(started);
  result.elapsedMs = performance.now() - started;
  loop.disable();
  result.loopDelayMaxMs = loop.max / 1e6;
  agent.destroy();
  parentPort.postMessage(result);
})();
`;
