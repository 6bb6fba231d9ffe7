// TWS's option calculator (ib-protocol.md §6 "Option calculations"): calculateImpliedVolatility
// (54) and calculateOptionPrice (55) answer one TICK_OPTION_COMPUTATION (tick type 13, model) with
// the same Black–Scholes–Merton model and inputs the simulator's option quotes use (quotes.ts:
// time to expiry in 365-day years, the session's risk-free rate, the underlying's dividend yield
// from shared/options). An underlying price left empty is the underlying's replayed price now.

import { bsGreeks, impliedVol, newGreeks } from '../../../shared/options/index.ts';
import { yearsToExpiry } from '../../../shared/options/quote-model.ts';
import { underlyingParams } from '../../../shared/options/underlying-params.ts';
import { riskFreeRate } from '../../../shared/options/volatility.ts';
import * as enc from '../wire/encoders.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN, requestName } from '../wire/message-ids.ts';
import { readVersionedCancel } from '../wire/requests.ts';
import { readOptionCalc } from '../wire/service-requests.ts';
import { TICK } from '../wire/tick-types.ts';
import { newQuote } from '../market/quotes.ts';
import type { ListedOption } from '../market/listed.ts';
import type { RequestContext, SimulatorModule } from '../server/module.ts';

/** The option, its underlying price and the model inputs at the replay clock's now. */
interface CalcInputs {
  readonly option: ListedOption;
  readonly spot: number;
  readonly years: number;
  readonly rate: number;
  readonly dividendYield: number;
}

function calcInputs(ctx: RequestContext, msgId: number, reqId: number, q: ReturnType<typeof readOptionCalc>): CalcInputs {
  const { state } = ctx;
  const now = state.now();
  const res = state.catalogue.resolve(q.contract, now);
  if (!res.ok) throw new RequestError(ERR.NO_SECURITY_DEFINITION, reqId, res.reason === 'ambiguous' ? TEXT.ambiguous(res.what) : TEXT.noSecurityDefinition);
  const option = res.instrument;
  if (option.secType !== 'OPT') throw new RequestError(ERR.REQUEST_VALIDATION, reqId, TEXT.validation(requestName(msgId), `the contract is a ${option.secType}, not an option (secType OPT)`));
  let spot = q.underPrice;
  if (spot === undefined) spot = state.quotes.quote(option.underlying, now, newQuote()).last;
  if (!(spot > 0)) throw new RequestError(ERR.REQUEST_VALIDATION, reqId, TEXT.validation(requestName(msgId), `underPrice must be above 0 (got ${spot})`));
  return {
    option,
    spot,
    years: yearsToExpiry(now, option.expiryMs),
    rate: riskFreeRate(state.catalogue.sessionDate(now)),
    dividendYield: underlyingParams(option.underlying.symbol).dividendYield,
  };
}

/** TICK_OPTION_COMPUTATION for a volatility: price and greeks (not-computed markers when vol is NaN). */
function sendComputation(ctx: RequestContext, reqId: number, c: CalcInputs, vol: number, price: number): void {
  const g = newGreeks();
  const o = c.option;
  if (vol === vol) bsGreeks(o.right, c.spot, o.strike, c.years, c.rate, c.dividendYield, vol, g);
  else g.delta = g.gamma = g.vega = g.theta = NaN;
  const pvDividend = c.spot * (1 - Math.exp(-c.dividendYield * c.years));
  ctx.session.send(enc.tickOptionComputation(reqId, TICK.MODEL_OPTION, 1, vol, g.delta, price, pvDividend, g.gamma, g.vega, g.theta, c.spot));
}

export const optionCalcModule: SimulatorModule = {
  name: 'option-calc',
  handlers: {
    /** [54, 2, reqId, contract, optionPrice, underPrice, options] → the implied volatility and its greeks. */
    [IN.REQ_CALC_IMPLIED_VOLAT]: (ctx) => {
      const q = readOptionCalc(ctx.r, 'optionPrice');
      const price = q.value;
      if (price === undefined || !(price > 0)) {
        throw new RequestError(ERR.REQUEST_VALIDATION, q.reqId, TEXT.validation(requestName(IN.REQ_CALC_IMPLIED_VOLAT), `optionPrice must be above 0 (got ${price ?? 'nothing'})`));
      }
      const c = calcInputs(ctx, IN.REQ_CALC_IMPLIED_VOLAT, q.reqId, q);
      const vol = impliedVol(c.option.right, price, c.spot, c.option.strike, c.years, c.rate, c.dividendYield);
      sendComputation(ctx, q.reqId, c, vol, price);
    },

    /** [55, 2, reqId, contract, volatility, underPrice, options] → the model price and greeks at that volatility. */
    [IN.REQ_CALC_OPTION_PRICE]: (ctx) => {
      const q = readOptionCalc(ctx.r, 'volatility');
      const vol = q.value;
      if (vol === undefined || !(vol > 0 && vol <= 20)) {
        throw new RequestError(ERR.REQUEST_VALIDATION, q.reqId, TEXT.validation(requestName(IN.REQ_CALC_OPTION_PRICE), `volatility must be in (0, 20] (a fraction: 0.2 = 20 %; got ${vol ?? 'nothing'})`));
      }
      const c = calcInputs(ctx, IN.REQ_CALC_OPTION_PRICE, q.reqId, q);
      const g = bsGreeks(c.option.right, c.spot, c.option.strike, c.years, c.rate, c.dividendYield, vol, newGreeks());
      sendComputation(ctx, q.reqId, c, vol, g.price);
    },

    /** [56 / 57, 1, reqId]: the answer was immediate, nothing to stop. */
    [IN.CANCEL_CALC_IMPLIED_VOLAT]: ({ r }) => {
      readVersionedCancel(r);
    },
    [IN.CANCEL_CALC_OPTION_PRICE]: ({ r }) => {
      readVersionedCancel(r);
    },
  },
};
