// Portfolio and account: the ledger built from fills, marks and account values, margin and buying
// power, commissions, option expiry (docs/trading-model.md §3–§6).
export * from './ledger.ts';
export * from './account-values.ts';
export * from './margin.ts';
export * from './commissions.ts';
export * from './expiry.ts';
export * from './what-if.ts';
