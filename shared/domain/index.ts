// The trading domain: instruments, orders, fills, positions (and the columnar bars of shared/data).
export * from './instrument.ts';
export * from './order.ts';
export * from './fill.ts';
export * from './position.ts';
export * from './intent.ts';
export type { BarSeries, Timeframe } from '../data/bar-series.ts';
