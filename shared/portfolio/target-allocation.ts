// The account's target allocation per symbol, for "target vs actual" (docs/app-protocol.md §2, the
// `strategies` topic's runner): the configuration's `[symbols.<SYM>] weight`s when it sets any (thetagang's
// targets: a fraction of the account each), else the strategy sleeves' capital — each enabled
// instance's allocation split equally over the symbols it trades.

export interface TargetAllocation {
  /** Fraction of the account per symbol. */
  readonly weights: Readonly<Record<string, number>>;
  readonly from: 'weights' | 'sleeves';
}

/** The targets of `symbols` (the config's [symbols.*] tables) and the planned instances. */
export function targetAllocation(
  symbols: Readonly<Record<string, { readonly weight?: number }>>,
  instances: readonly { readonly symbols: readonly string[]; readonly allocation: number }[],
): TargetAllocation {
  const weighted = Object.entries(symbols).filter(([, s]) => typeof s.weight === 'number' && Number.isFinite(s.weight));
  if (weighted.length > 0) return { weights: Object.fromEntries(weighted.map(([sym, s]) => [sym, s.weight!])), from: 'weights' };
  const weights: Record<string, number> = {};
  for (const i of instances) {
    if (i.symbols.length === 0) continue;
    for (const sym of i.symbols) weights[sym] = (weights[sym] ?? 0) + i.allocation / i.symbols.length;
  }
  return { weights, from: 'sleeves' };
}
