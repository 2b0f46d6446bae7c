import net from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of a server, that a test can cut and
 * restore like a network link: `cut()` closes the listening port and every
 * open connection (a client then sees "connection refused", as with the
 * network gone); `restore()` listens again on the same port. The server
 * behind it keeps running and keeps its files.
 */
export type NetworkSwitch = { port: number; cut: () => Promise<void>; restore: () => Promise<void>; close: () => Promise<void> };

export async function networkSwitch(upstreamPort: number): Promise<NetworkSwitch> {
  const sockets = new Set<net.Socket>();
  let server = relay();
  let port = 0;

  function relay(): net.Server {
    return net.createServer((client) => {
      const upstream = net.connect(upstreamPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.once('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
  }

  const listen = (wanted: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(wanted, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : wanted);
      });
    });

  const cut = async () => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await closed;
  };

  port = await listen(0);
  return {
    port,
    cut,
    restore: async () => {
      if (server.listening) return;
      server = relay();
      await listen(port);
    },
    close: cut,
  };
}
