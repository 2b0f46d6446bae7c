/**
 * What no stock server does on demand: a raw socket server on 127.0.0.1
 * (port 0) that records each request and answers with the bytes a test gives
 * it, in order, the last answer repeating. `answers` may be added to while
 * it runs. For the sync targets' tests of failures and of what goes on the wire.
 */
import net from 'node:net';

export type RawServer = { origin: string; port: number; requests: string[]; answers: string[]; close: () => Promise<void> };

export async function rawHttpServer(...answers: string[]): Promise<RawServer> {
  const requests: string[] = [];
  const server = net.createServer((socket) => {
    let seen = '';
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      const end = seen.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/content-length: *(\d+)/i.exec(seen.slice(0, end))?.[1] ?? 0);
      if (seen.length < end + 4 + length) return;
      requests.push(seen);
      seen = '';
      socket.end(answers[Math.min(requests.length, answers.length) - 1] ?? '');
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port, requests, answers, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
