// Answers for HTTP requests Node's parser rejects (malformed request line or headers, headers too
// large, a request that never finishes): a status line and a closed connection, never a crash.
import type { Duplex } from 'node:stream';

const STATUS: Readonly<Record<string, string>> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADERS_TIMEOUT: '408 Request Timeout',
};

/** The http.Server 'clientError' handler. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // A response already under way cannot get a second status line.
  const started = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (err.code === 'ECONNRESET' || !socket.writable || started) {
    socket.destroy();
    return;
  }
  const status = STATUS[err.code ?? ''] ?? '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  setTimeout(() => socket.destroy(), 1000).unref();
}
