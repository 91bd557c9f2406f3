import { createServer } from "node:net";

/**
 * A loopback port that nothing listens on now: the system picks a free one, which is then released. A test can
 * point a client at it to meet a refused connection, or start a server of its own on it.
 */
export async function unusedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
