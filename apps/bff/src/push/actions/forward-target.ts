// Where a forward action may POST: hosts on FORWARD_ALLOWED_HOSTS only, over HTTPS. Plain HTTP is
// accepted for loopback hosts alone, so tests and a laptop can run a local receiver.

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why the URL may not be a forward target, or undefined when it may. */
export function forwardUrlProblem(raw: string, allowedHosts: readonly string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'forward url is not an absolute URL';
  }
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return 'forward url must use https (http only for loopback hosts)';
  }
  if (url.username || url.password) return 'forward url must not carry credentials';
  const allowed = allowedHosts.map((h) => h.toLowerCase());
  if (!allowed.includes(url.hostname) && !allowed.includes(url.host)) {
    return `forward host ${url.host} is not on FORWARD_ALLOWED_HOSTS`;
  }
  return undefined;
}
