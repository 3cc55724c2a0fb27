// One port in front of several BFF instances, each request to the next one in turn: enough of a load
// balancer for `npm start -- --postgres` to show the BFF scaling out on one PostgreSQL.

import { createServer, request } from 'node:http';

export function startRoundRobinProxy({ port, host = '127.0.0.1', targets }) {
  let next = 0;
  const server = createServer((req, res) => {
    const target = targets[next++ % targets.length];
    const upstream = request(
      { host: target.host, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: 'Bad Gateway', message: `BFF instance ${target.port} did not answer` }),
      );
    });
    req.pipe(upstream);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}
