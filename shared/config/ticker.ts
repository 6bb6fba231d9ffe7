// The ticker symbol rule (config fields, the lab's own-data import): one definition.

/** A ticker symbol: 1–10 characters A–Z, 0–9 or '.', starting with a letter (`SPY`, `BRK.B`). */
export const TICKER = {
  re: /^[A-Z][A-Z0-9.]{0,9}$/,
  what: "a ticker (1-10 characters A-Z, 0-9 or '.', starting with a letter)",
} as const;
