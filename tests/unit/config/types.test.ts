// The validated configuration's static types (checked by `tsc`; the runtime assertions are trivial).
import { describe, expectTypeOf, it } from 'vitest';
import type { MoneyTrailzConfig, StrategyConfig, StrategyName, StrategyParams } from '../../../shared/config/index.ts';

describe('MoneyTrailzConfig types', () => {
  it('defaulted sections and keys are required, the rest optional', () => {
    expectTypeOf<MoneyTrailzConfig['tws']['simulator']>().toEqualTypeOf<boolean>();
    expectTypeOf<MoneyTrailzConfig['tws']['port']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<MoneyTrailzConfig['bridge']['host']>().toEqualTypeOf<string>();
    expectTypeOf<MoneyTrailzConfig['account']>().toEqualTypeOf<
      { number?: string; margin_usage?: number; cancel_orders?: boolean; market_data_type?: number } | undefined
    >();
    expectTypeOf<MoneyTrailzConfig['backtesting']['execution']['fill']>().toEqualTypeOf<'next_open' | 'close'>();
    expectTypeOf<MoneyTrailzConfig['backtesting']['start_date']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<MoneyTrailzConfig['symbols'][string]['weight']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<NonNullable<MoneyTrailzConfig['symbols'][string]['puts']>['strike_limit']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<NonNullable<MoneyTrailzConfig['symbols'][string]['calls']>['delta']>().toEqualTypeOf<number | undefined>();
  });

  it('strategies are instances keyed by id, each naming its strategy, with common keys plus their own parameters', () => {
    expectTypeOf<keyof MoneyTrailzConfig['strategies']>().toEqualTypeOf<string>();
    expectTypeOf<MoneyTrailzConfig['strategies'][string]['strategy']>().toEqualTypeOf<StrategyName>();
    expectTypeOf<StrategyConfig<'sma_cross'>['strategy']>().toEqualTypeOf<'sma_cross'>();
    expectTypeOf<StrategyConfig<'sma_cross'>['min_confidence']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<StrategyParams<'sma_cross'>>().toEqualTypeOf<{ fast: number; slow: number; direction: 'long_short' | 'long_only' }>();
    expectTypeOf<StrategyConfig<'sma_cross'>['type']>().toEqualTypeOf<'stocks' | 'options' | 'hybrid'>();
    expectTypeOf<NonNullable<StrategyConfig<'wheel'>['target']>['delta']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<StrategyConfig<'vix_call_hedge'>['allocation']>().toEqualTypeOf<{ lower_bound?: number; upper_bound?: number; weight: number }[] | undefined>();
    expectTypeOf<StrategyConfig<'wheel'>['timeframes']>().toEqualTypeOf<('1M' | '5M' | '15M' | '30M' | '1H' | '4H' | '1D' | '1W' | '1MO')[] | undefined>();
    expectTypeOf<StrategyConfig<'rebalance'>['mode']>().toEqualTypeOf<'buy_only' | 'sell_only' | 'band'>();
  });
});
