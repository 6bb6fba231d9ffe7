// Engine settings from the validated [backtesting] configuration.
import type { BacktestingConfig } from '../config/moneytrailz-config.ts';
import type { EngineSettings } from './engine.ts';

export function engineSettings(bt: BacktestingConfig, allowShort = true): EngineSettings {
  const x = bt.execution;
  return {
    initialCash: bt.initial_capital,
    sizeFraction: x.size_fraction,
    fill: x.fill,
    finalizeTrades: x.finalize_trades,
    allowShort,
    costs: {
      commissionRate: x.commission,
      commissionFixed: 0,
      commissionPerShare: x.commission_per_share ?? 0,
      commissionMin: x.commission_min ?? 0,
      preset: x.commission_preset === 'none' ? 'none' : x.commission_preset,
      spread: x.spread,
      slippage: x.slippage,
      marketImpact: x.market_impact,
    },
    risk: { maxDrawdown: bt.risk?.max_drawdown, positionSizeLimit: bt.risk?.position_size_limit },
  };
}
