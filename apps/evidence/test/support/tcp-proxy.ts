// A TCP proxy between the BFFs and PostgreSQL that a test can cut: `blackhole` swallows every byte
// (a partition: queries hang until the client's own timeouts), `refuse` drops and refuses connections
// (the server is down), `heal` forwards again. The shared PostgreSQL server itself is never stopped.

import { connect, createServer, type Server, type Socket } from 'node:net';

export type ProxyMode = 'forward' | 'blackhole' | 'refuse';

export interface TcpProxy {
  port: number;
  mode(): ProxyMode;
  /** Stop answering: open connections stay open but carry nothing; new ones hang too. */
  blackhole(): void;
  /** Close every connection and refuse new ones. */
  refuse(): void;
  heal(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  const pairs = new Set<{ client: Socket; upstream: Socket }>();

  const server: Server = createServer((client) => {
    if (mode === 'refuse') {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    // Bytes only flow while forwarding; a blackholed connection drops what it receives.
    client.on('data', (chunk) => {
      if (mode === 'forward') upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (mode === 'forward') client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const dropAll = () => {
    for (const { client, upstream } of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };

  return {
    port,
    mode: () => mode,
    blackhole: () => {
      mode = 'blackhole';
    },
    refuse: () => {
      mode = 'refuse';
      dropAll();
    },
    heal: () => {
      // Connections that lost bytes while blackholed are out of sync: end them, the pool reconnects.
      if (mode === 'blackhole') dropAll();
      mode = 'forward';
    },
    close: async () => {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
