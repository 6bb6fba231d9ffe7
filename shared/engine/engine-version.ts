// The engine's result version, in a module of its own: the browser lab hashes it without loading the engine.

/**
 * The version of the engine's results: part of a stored result's content id (the browser lab), so a
 * change that alters what a backtest computes must change it.
 */
export const ENGINE_VERSION = 'moneytrailz-engine/2';
