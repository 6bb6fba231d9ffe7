// The TCP listener: accepts connections into Sessions, routes their requests through the handler
// table assembled from the modules, and after every replay clock move lets each module publish and
// flushes every connection once (one socket write per connection per move).

import { createServer, type Server, type Socket } from 'node:net';
import type { RequestHandler, SimulatorModule } from './module.ts';
import { Session } from './session.ts';
import type { SimulatorState } from './state.ts';

export class SimulatorServer {
  private server: Server | undefined;
  private readonly handlers = new Map<number, RequestHandler>();
  private host = '127.0.0.1';
  private boundPort = 0;
  private closing = false;
  /** Every accepted socket, including ones a session already gave up on but that are still closing. */
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly state: SimulatorState,
    private readonly handshakeTimeoutMs: number,
  ) {
    // Later modules override earlier ones for the same message id (phase 2 replaces placeholders).
    for (const m of state.modules) for (const [id, h] of Object.entries(m.handlers ?? {})) this.handlers.set(Number(id), h);
  }

  get port(): number {
    return this.boundPort;
  }

  /** Starts listening; resolves with the bound port (useful with port 0). */
  async listen(host: string, port: number): Promise<number> {
    this.host = host;
    const server = createServer({ noDelay: true }, (socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.state.log(`listener error: ${err.message}`));
    this.server = server;
    const addr = server.address();
    this.boundPort = typeof addr === 'object' && addr ? addr.port : port;
    return this.boundPort;
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    const session = new Session(socket, this.state, this.handlers, this.handshakeTimeoutMs);
    this.state.sessions.add(session);
    this.state.events.emit('session-open', session);
  }

  /** Every module's clock hook, then one flush per connection. */
  publish(now: number, prev: number): void {
    for (const m of this.state.modules) {
      try {
        m.onAdvance?.(this.state, now, prev);
      } catch (err) {
        this.state.log(`module ${m.name}: onAdvance failed: ${(err as Error).stack ?? String(err)}`);
      }
    }
    this.flushAll();
  }

  publishNow(): void {
    const now = this.state.now();
    this.publish(now, now);
  }

  flushAll(): void {
    for (const s of this.state.sessions) s.flush();
  }

  /** Stops listening (open connections are not touched). */
  async closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restartListener(downMs: number): Promise<void> {
    await this.closeListener();
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    if (!this.closing) await this.listen(this.host, this.boundPort);
  }

  /** Closes every connection and the listener. */
  async close(): Promise<void> {
    this.closing = true;
    this.state.scheduler.stop();
    for (const s of [...this.state.sessions]) s.close('simulator closing');
    for (const socket of this.sockets) socket.destroy();
    await this.closeListener();
  }
}

export type { SimulatorModule };
