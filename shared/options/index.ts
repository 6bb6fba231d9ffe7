// Option math and the option model shared by the TWS simulator, backtests, strategies and the app:
// pricing, greeks and implied volatility; the volatility model; the quote (bid/ask) model; listed
// expiries and strikes; per-underlying pricing parameters; synthetic chains for backtests.
export { normPdf, normCdf, normInv, erfc } from './normal.ts';
export { bsPrice, bsGreeks, newGreeks, type Greeks, type OptionRight } from './black-scholes.ts';
export { impliedVol, type ImpliedVolOptions } from './implied-vol.ts';
export {
  DEFAULT_VOL,
  MAX_VOL,
  MIN_RETURNS,
  MIN_VOL,
  REALISED_WINDOW,
  atmVol,
  clampVol,
  realisedVolBefore,
  riskFreeRate,
  surfaceVol,
  vixLevel,
  type VolParams,
} from './volatility.ts';
export { YEAR_MS, newModelQuote, optionQuote, optionTick, quoteAround, yearsToExpiry, type ModelQuote } from './quote-model.ts';
export {
  DAILIES_FROM,
  STRIKE_BANDS,
  WEEKLIES_FROM,
  listedChain,
  listedExpiries,
  strikeGrid,
  strikeSteps,
  thirdFriday,
  type ChainParams,
  type ExpiryKind,
  type ExpiryStrikes,
  type ListedExpiry,
  type TradingDays,
} from './chain.ts';
export { GENERIC_UNDERLYING, KNOWN_INDEX_UNDERLYINGS, KNOWN_UNDERLYINGS, isKnownUnderlying, underlyingParams, type StrikeStyle, type UnderlyingParams } from './underlying-params.ts';
export { SyntheticOptionQuotes, type SyntheticOptionQuotesOptions } from './synthetic-chain.ts';
export type { ChainQuote, OptionQuotes } from './option-quotes.ts';
