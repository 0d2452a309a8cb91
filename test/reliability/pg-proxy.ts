// A TCP proxy in front of PostgreSQL that can silently cut the change feed: every connection that sends a
// LISTEN is recognised, and while the cut is on such a connection is blackholed — bytes in both directions
// are dropped, neither socket is closed — as when a NAT or firewall forgets a connection. Other
// connections (the pool) pass untouched. The bytes dropped are lost for good: a blackholed connection
// never works again, like the real thing.
import { createServer, type Server, type Socket } from 'node:net';

export interface PgProxy {
  /** The connection string that goes through the proxy. */
  url: string;
  /** Blackhole every LISTEN connection from now on (those open and any made while the cut lasts). */
  cut(): void;
  /** New LISTEN connections pass again (the blackholed ones stay dead). */
  restore(): void;
  /** LISTEN connections seen so far, and how many of them are blackholed. */
  stats(): { listeners: number; blackholed: number };
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  listener: boolean;
  black: boolean;
}

export async function startPgProxy(target: string): Promise<PgProxy> {
  const to = new URL(target);
  const pairs = new Set<Pair>();
  let cutting = false;
  const server: Server = createServer((client) => {
    const upstream = new (client.constructor as typeof Socket)();
    const pair: Pair = { client, upstream, listener: false, black: false };
    pairs.add(pair);
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    upstream.connect(Number(to.port || 5432), to.hostname);
    client.on('data', (chunk: Buffer) => {
      // A simple-query message carrying LISTEN marks the change feed's connection.
      if (!pair.listener && /\bLISTEN\s/i.test(chunk.toString('latin1'))) {
        pair.listener = true;
        if (cutting) pair.black = true;
      }
      if (!pair.black) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!pair.black) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    cut: () => {
      cutting = true;
      for (const p of pairs) if (p.listener) p.black = true;
    },
    restore: () => {
      cutting = false;
    },
    stats: () => {
      const all = [...pairs].filter((p) => p.listener);
      return { listeners: all.length, blackholed: all.filter((p) => p.black).length };
    },
    close: async () => {
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
