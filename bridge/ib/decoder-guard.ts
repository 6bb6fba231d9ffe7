// Keeps a message from TWS from ending the process.
//
// @stoqey/ib decodes inside the TCP socket's 'data' handler (`core/io/socket.js` onData → decoder
// process()). Its decoder catches only its own UnderrunError (reported as 505); anything else thrown
// while decoding — e.g. `JSON.parse` of a malformed advancedOrderReject in an ERR_MSG, or an exception
// in any event listener — is rethrown out of the 'data' handler and becomes an uncaught exception.
// Every byte from the socket is untrusted, so the bridge wraps that handler: a throw is reported to
// `onThrow` (the connection raises an alarm and replaces the client: its decoder state is unknown).
//
// This reaches into the library's private fields (`controller.socket.onData`), which is why the
// version is pinned; `guardDecoder` refuses to run (throws) if the shape is not the one it knows,
// and tests/integration/tws-connection-faults.test.ts proves the guard on the real client.
import type { IBApi } from '@stoqey/ib';

interface StoqeySocket {
  onData(data: Buffer): void;
}

export function guardDecoder(api: IBApi, onThrow: (err: unknown) => void): void {
  const socket = (api as unknown as { controller?: { socket?: StoqeySocket } }).controller?.socket;
  if (!socket || typeof socket.onData !== 'function') {
    throw new Error('@stoqey/ib internals changed (controller.socket.onData not found): the decoder guard cannot be installed');
  }
  const onData = socket.onData.bind(socket);
  // The socket's listener is `(data) => this.onData(data)`, so an own property takes effect at once.
  socket.onData = (data: Buffer) => {
    try {
      onData(data);
    } catch (err) {
      onThrow(err);
    }
  };
}
