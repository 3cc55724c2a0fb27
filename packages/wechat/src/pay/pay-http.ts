// How the Pay transport sends a request: node:http(s) over keep-alive agents by default. WeChat Pay is
// on every order's path, and fetch (undici, its web streams, an AbortSignal timer per call) cost the BFF
// more CPU per order than its two RSA signatures (a CPU profile of the orders bench). An injected fetch
// is still honoured.

import http from 'node:http';
import https from 'node:https';
import type { FetchLike } from '../http.js';

export interface PayHttpRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** An answer read to the end: its status, headers (lower-case names) and body text. */
export interface PayHttpAnswer {
  status: number;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  text: string;
}

/** Rejects on a network error or when the whole exchange takes longer than timeoutMs. */
export type PayHttp = (url: string, request: PayHttpRequest) => Promise<PayHttpAnswer>;

/** node:http(s) with one keep-alive agent per scheme, owned by the client that creates it. */
export function createNodePayHttp(): PayHttp {
  const agents = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };
  return (url, { method, headers, body, timeoutMs }) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const outgoing = (secure ? https : http).request(
        target,
        {
          method,
          agent: secure ? agents.https : agents.http,
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => {
            clearTimeout(timer);
            resolve({ status: response.statusCode ?? 0, headers: response.headers, text });
          });
          response.on('error', fail);
        },
      );
      const timer = setTimeout(
        () => outgoing.destroy(new Error(`timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
      function fail(error: Error) {
        clearTimeout(timer);
        reject(error);
      }
      outgoing.on('error', fail);
      outgoing.end(body);
    });
}

/** An injected fetch as a PayHttp (tests, or a runtime without node:http). */
export function payHttpOverFetch(fetch: FetchLike): PayHttp {
  return async (url, { method, headers, body, timeoutMs }) => {
    const response = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, headers: Object.fromEntries(response.headers), text };
  };
}
