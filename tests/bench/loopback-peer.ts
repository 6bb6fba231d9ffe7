// The machine's own floor for the fan-out benchmark (bridge.ts), measured in the same run: how long a
// line written to a loopback TCP socket by a BUSY thread takes to reach a worker thread that waits
// for it — the same pattern as the bridge writing a slice of deltas while the IBApi goes on decoding
// a burst, with nothing of the bridge in it. On a virtual machine whose idle vCPU must be woken by the
// host, this wake-up is most of what "delta written → app client receives it" costs.
import { createServer, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { hrMs } from './measure.ts';

/** The receiving side: a worker that timestamps every line and answers all the latencies when asked. */
const RECEIVER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const hr = () => Number(process.hrtime.bigint()) / 1e6;
const lats = [];
let buf = '';
const s = net.connect(workerData.port, '127.0.0.1');
s.on('data', (d) => {
  const at = hr();
  buf += d;
  const lines = buf.split('\\n');
  buf = lines.pop();
  for (const x of lines) lats.push(at - Number(x));
});
parentPort.on('message', () => {
  parentPort.postMessage(lats);
  s.destroy();
});
`;

/**
 * `bursts` bursts, each `busyMs` of busy work on this thread with a line written every `everyMs`
 * (setNoDelay, as ws sets it), then a pause; the latency of every line, in ms.
 */
export async function loopbackPeer(bursts = 200, busyMs = 3, everyMs = 0.25): Promise<number[]> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const worker = new Worker(RECEIVER, { eval: true, workerData: { port } });
  try {
    const socket = await accepted;
    socket.setNoDelay(true);
    for (let b = 0; b < bursts; b++) {
      const t0 = hrMs();
      let next = t0;
      for (let now = t0; now - t0 < busyMs; now = hrMs()) {
        if (now < next) continue;
        socket.write(`${hrMs()}\n`);
        next += everyMs;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const answer = new Promise<number[]>((resolve) => worker.once('message', resolve));
    worker.postMessage('done');
    const lats = await answer;
    socket.destroy();
    return lats;
  } finally {
    await worker.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
