/**
 * A fault-injecting HTTP proxy for the sync targets' tests: it listens on
 * 127.0.0.1 (port 0) in front of a real server (Apache, nginx, s3rver) and
 * passes every request through, except those a test has set a fault for.
 * Faults are set per test and fire on the next matching requests, in the
 * order they were set, a given number of times; nothing depends on timing,
 * so a test knows exactly which request failed and how.
 *
 * The Host header goes through unchanged, so what the client signed (S3) and
 * the Destination of a MOVE (WebDAV) still name the address the client used.
 */
import http from 'node:http';

export type Fault =
  /** Answer this status (and body) without asking the server: a refusal, a full disk, a server error, an empty listing. */
  | { status: number; body?: string; headers?: Record<string, string> }
  /** Send the request's head and its first N body bytes on, then drop both connections: the server stopped during an upload. */
  | { cutRequestAfter: number }
  /** Pass the answer's head and its first N body bytes back, then drop the connection: the server stopped during a download. */
  | { cutResponseAfter: number }
  /** Let the server do all of it, but drop the connection before the client hears the answer: done, and nobody knows. */
  | { loseAnswer: true }
  /** Drop the connection at once, the server never hearing of it: the server is gone. */
  | { drop: true };

export type FaultMatch = { method?: string; path?: RegExp };

export type FaultRule = { readonly match: FaultMatch; readonly fault: Fault; left: number; fired: number };

export type FaultProxy = {
  /** `url` (on the upstream server) as reached through the proxy. */
  via: (url: string) => string;
  /** The next `times` requests that match get `fault`; the rule's `fired` counts them. */
  next: (match: FaultMatch, fault: Fault, times?: number) => FaultRule;
  /** Forgets the rules that have not fired all their times, so one test's leftovers never reach the next. */
  reset: () => void;
  close: () => Promise<void>;
};

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const rules: FaultRule[] = [];

  const take = (req: http.IncomingMessage): Fault | null => {
    const rule = rules.find((r) => r.left > 0 && (r.match.method ?? req.method) === req.method && (r.match.path?.test(req.url ?? '') ?? true));
    if (!rule) return null;
    rule.left--;
    rule.fired++;
    return rule.fault;
  };

  const server = http.createServer((req, res) => {
    const fault = take(req);
    if (fault && 'drop' in fault) {
      req.socket.destroy();
      return;
    }
    if (fault && 'status' in fault) {
      // Read the body first, so the client finishes sending and hears the answer on a sound connection.
      req.resume();
      req.on('end', () => {
        const body = Buffer.from(fault.body ?? '');
        res.writeHead(fault.status, { 'content-length': String(body.byteLength), ...fault.headers }).end(body);
      });
      return;
    }
    // One connection upstream per request (no pool), so dropping one never touches another request.
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent: false });
    const dropBoth = () => {
      up.destroy();
      req.socket.destroy();
    };
    up.on('error', () => req.socket.destroy());
    up.on('response', (answer) => {
      if (fault && 'loseAnswer' in fault) {
        // Wait until the server has said all of it (the work is done), then tell the client nothing.
        answer.resume();
        answer.on('end', dropBoth);
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (!fault || !('cutResponseAfter' in fault)) {
        answer.pipe(res);
        return;
      }
      passThenDrop(answer, res, fault.cutResponseAfter, dropBoth);
    });
    if (fault && 'cutRequestAfter' in fault) passThenDrop(req, up, fault.cutRequestAfter, dropBoth);
    else req.pipe(up);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;
  return {
    via: (url) => {
      const u = new URL(url);
      return `${origin}${u.pathname}${u.search}`;
    },
    next: (match, fault, times = 1) => {
      const rule: FaultRule = { match, fault, left: times, fired: 0 };
      rules.push(rule);
      return rule;
    },
    reset: () => {
      rules.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Copies the first `limit` bytes of `from` into `to`, and once they are handed
 * to the socket (the write callback), drops the connections. A body shorter
 * than `limit` is cut at its end, never completed.
 */
function passThenDrop(from: NodeJS.ReadableStream, to: NodeJS.WritableStream, limit: number, drop: () => void): void {
  let sent = 0;
  let dropped = false;
  const cut = (last: Buffer) => {
    if (dropped) return;
    dropped = true;
    from.pause();
    to.write(last, () => drop());
  };
  from.on('data', (chunk: Buffer) => {
    if (dropped) return;
    if (sent + chunk.byteLength < limit) {
      sent += chunk.byteLength;
      to.write(chunk);
      return;
    }
    cut(chunk.subarray(0, limit - sent));
  });
  from.on('end', () => cut(Buffer.alloc(0)));
}
