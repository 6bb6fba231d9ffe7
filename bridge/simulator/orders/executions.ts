// The day's executions (fills), for the unsolicited execDetails/commissionReport of each fill and for
// reqExecutions with its filter (ib-protocol.md §6 "reqExecutions(filter)"). execIds look like TWS's
// (`0000e215.4f0a2b3c.01.01`): unique per fill, never reused (the counter is persisted).

import { parseTwsDateTime } from '../../../shared/time/tws-time.ts';
import type { ContractFields, ExecutionFields } from '../wire/order-encoders.ts';
import type { ExecutionFilterRequest } from '../wire/requests.ts';

export interface ExecutionRecord {
  execId: string;
  orderId: number;
  clientId: number;
  permId: number;
  account: string;
  contract: ContractFields;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
  exchange: string;
  lastLiquidity: number;
  /** Replay instant, ms. */
  time: number;
  commission: number;
  /** Realised P&L of a closing fill (undefined when it opened). */
  realizedPnL: number | undefined;
}

export interface ExecutionLogData {
  executions: ExecutionRecord[];
  nextSeq: number;
}

export class ExecutionLog {
  private readonly list: ExecutionRecord[];
  private seq: number;

  constructor(data?: ExecutionLogData) {
    this.list = data?.executions.map((e) => ({ ...e })) ?? [];
    this.seq = data?.nextSeq ?? 1;
  }

  toJSON(): ExecutionLogData {
    return { executions: this.list, nextSeq: this.seq };
  }

  /** A new execId for a fill of `permId`. */
  nextExecId(permId: number): string {
    const n = this.seq++;
    return `${(0xe000 + n).toString(16).padStart(8, '0')}.${permId.toString(16).padStart(8, '0')}.01.01`;
  }

  add(e: ExecutionRecord): void {
    this.list.push(e);
  }

  all(): readonly ExecutionRecord[] {
    return this.list;
  }

  /** Executions matching a reqExecutions filter ("" and 0 match everything). */
  matching(f: ExecutionFilterRequest): ExecutionRecord[] {
    const since = f.time.trim() ? parseTwsDateTime(f.time) : null;
    const side = f.side.trim().toUpperCase();
    return this.list.filter(
      (e) =>
        (f.clientId === 0 || e.clientId === f.clientId) &&
        (!f.acctCode || e.account === f.acctCode) &&
        (since === null || e.time >= since) &&
        (!f.symbol || e.contract.symbol === f.symbol.toUpperCase()) &&
        (!f.secType || e.contract.secType === f.secType.toUpperCase()) &&
        (!f.exchange || e.exchange === f.exchange.toUpperCase() || e.contract.exchange === f.exchange.toUpperCase()) &&
        (!side || (side === 'BUY' || side === 'BOT' ? e.side === 'BOT' : side === 'SELL' || side === 'SLD' ? e.side === 'SLD' : false)),
    );
  }

  /** A new session: yesterday's executions are no longer reported. */
  clear(): void {
    this.list.length = 0;
  }
}

/** The EXECUTION_DATA view of a record. */
export function executionFields(e: ExecutionRecord, timeText: string): ExecutionFields {
  return {
    orderId: e.orderId,
    contract: e.contract,
    execId: e.execId,
    time: timeText,
    account: e.account,
    exchange: e.exchange,
    side: e.side,
    shares: e.shares,
    price: e.price,
    permId: e.permId,
    clientId: e.clientId,
    cumQty: e.cumQty,
    avgPrice: e.avgPrice,
    orderRef: e.orderRef,
    lastLiquidity: e.lastLiquidity,
  };
}
