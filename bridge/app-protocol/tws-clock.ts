// The broker's clock for the app (docs/app-protocol.md §3, `clock`): TWS's reqCurrentTime — the
// exchange's wall time on a real TWS, the replay clock on the simulator. A strategy pass decides on
// this time (days to expiry, the session), never on the machine's.
import { EventName } from '@stoqey/ib';
import { AppRequestError } from './request-error.ts';
import { needApi } from './tws-request.ts';
import type { TwsLink } from './tws-link.ts';

/** TWS's current time, epoch ms (TWS answers in whole seconds); TWS_NOT_READY without a connection. */
export function twsTime(link: TwsLink, timeoutMs = 5_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const api = needApi(link);
    const off = link.listen(api, EventName.currentTime, (seconds: number) => {
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return;
      done();
      resolve(seconds * 1000);
    });
    const timer = setTimeout(() => {
      done();
      reject(new AppRequestError('TWS_ERROR', `TWS did not answer reqCurrentTime within ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      off();
    };
    api.reqCurrentTime();
  });
}
