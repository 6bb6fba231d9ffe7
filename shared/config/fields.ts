// Field schemas that several configuration sections share.
import { integer, number, string, type Schema } from './schema.ts';
import { specByName } from '../indicators/catalog.ts';
import type { ParamSpec } from '../indicators/params.ts';
import { TICKER } from './ticker.ts';

export { TICKER };

/** A ticker symbol string. */
export const ticker = (): Schema<string> => string(TICKER);
/** A number in the open interval (0, 1), e.g. an option delta. */
export const openUnit = (): Schema<number> => number({ gt: 0, lt: 1 });
/** A number in [0, 1], e.g. a weight or allocation. */
export const unit = (): Schema<number> => number({ gte: 0, lte: 1 });
/** A number in (0, 1], e.g. a profit target or drawdown limit. */
export const positiveUnit = (): Schema<number> => number({ gt: 0, lte: 1 });
/** An indicator level on the 0–100 scale (RSI thresholds). */
export const level = (): Schema<number> => number({ gte: 0, lte: 100 });
/** A look-back period in bars: an integer >= 1. */
export const period = (): Schema<number> => integer({ gte: 1 });
/** A fractional cost per side in [0, 1). */
export const costFraction = (): Schema<number> => number({ gte: 0, lt: 1 });

/**
 * A strategy parameter that is an indicator's parameter (e.g. an RSI period): its valid range comes
 * from the indicator catalog, so the config validator and the kernels agree by construction.
 */
export function indicatorParam(indicator: string, param: string): Schema<number> {
  const spec = (specByName(indicator).params as Record<string, ParamSpec>)[param];
  if (!spec || spec.kind === 'floats') throw new Error(`indicator ${indicator} has no numeric parameter '${param}'`);
  return spec.kind === 'int' ? integer({ gte: spec.min, lte: spec.max }) : number({ ...(spec.minExclusive ? { gt: spec.min } : { gte: spec.min }), lte: spec.max });
}
