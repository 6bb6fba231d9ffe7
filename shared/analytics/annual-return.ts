// Growth rates of an equity curve:
//   totalReturn    = E[N−1]/E[0] − 1
//   annualReturn   = (Π(1 + r_t))^(1/(n/P)) − 1        empyrical annual_return / cagr (periods-based, §6)
//   calendarCagr   = (E[N−1]/E[0])^(1/y) − 1, y = days/365.25   backtesting.py "CAGR [%]" (§5)

export const DAYS_PER_CALENDAR_YEAR = 365.25;

export function totalReturn(equity: ArrayLike<number>): number {
  return equity.length === 0 ? Number.NaN : equity[equity.length - 1] / equity[0] - 1;
}

/** empyrical `annual_return`: compounded growth per year of n periods, P periods a year; NaN when empty. */
export function annualReturn(returns: ArrayLike<number>, periodsPerYear: number): number {
  const n = returns.length;
  if (n === 0) return Number.NaN;
  let growth = 1;
  for (let i = 0; i < n; i++) growth *= 1 + returns[i];
  return growth ** (1 / (n / periodsPerYear)) - 1;
}

/** backtesting.py CAGR over `days` calendar days (a fraction); NaN when days is 0. */
export function calendarCagr(equityStart: number, equityEnd: number, days: number): number {
  const years = days / DAYS_PER_CALENDAR_YEAR;
  return years === 0 ? Number.NaN : (equityEnd / equityStart) ** (1 / years) - 1;
}

/** empyrical `calmar_ratio`: annualReturn / |maxDrawdown| when maxDrawdown < 0, else NaN. */
export function calmarRatio(annualReturnValue: number, maxDrawdown: number): number {
  return maxDrawdown < 0 ? annualReturnValue / Math.abs(maxDrawdown) : Number.NaN;
}
