// The wheel's console text (docs/wheel-rules.md §6.2): the order table and the decision trace, as the
// dry run and the live run both print them.
import type { WheelOrder, WheelResult } from '../../shared/strategies/wheel/pass.ts';

const money = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : String(x));

/** `SPY shares`, `SPY 20250307 385P`, or a roll's legs. */
export function contractText(o: WheelOrder): string {
  const c = o.contract;
  if (c.secType === 'STK') return `${o.symbol} shares`;
  if (c.secType === 'OPT') return `${o.symbol} ${c.expiry} ${c.strike}${c.right}`;
  return (o.legs ?? []).map((l) => `${l.action} ${l.contract.expiry} ${l.contract.strike}${l.contract.right}`).join(' / ');
}

/** Rows as left-aligned columns; the first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** The order table and the decision trace of a pass. */
export function resultText(result: WheelResult): string {
  const lines: string[] = [];
  if (result.orders.length === 0) lines.push('Orders: none');
  else {
    lines.push(`Orders (${result.orders.length}):`);
    lines.push(table([['stage', 'symbol', 'action', 'qty', 'contract', 'type', 'limit', 'tif'], ...result.orders.map((o) => [o.stage, o.symbol, o.action, String(o.quantity), contractText(o), o.orderType, money(o.limit), o.tif])]));
  }
  lines.push('');
  lines.push(`Decisions (${result.decisions.length}):`);
  for (const d of result.decisions) lines.push(`  ${d.stage.padEnd(15)} ${d.symbol.padEnd(6)} ${d.verdict.padEnd(6)} ${d.code}: ${d.message}`);
  return lines.join('\n') + '\n';
}
