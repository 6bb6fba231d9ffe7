// Reference data: contract details (stocks, ETFs, VIX, options), option chain parameters, matching
// symbols, head timestamp.

import * as enc from '../wire/encoders.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN } from '../wire/message-ids.ts';
import { readContractData, readHeadTimestamp, readMatchingSymbols, readPlainCancel, readSecDefOptParams } from '../wire/requests.ts';
import { barLabel } from '../market/historical.ts';
import { tapeExtendedSession } from '../market/extended-hours.ts';
import { INDEX_OPTION_EXCHANGES, baseTape, type ListedIndex } from '../market/listed.ts';
import type { Catalogue } from '../market/catalogue.ts';
import { sessionCloseMs } from '../market/replay-sessions.ts';
import type { SimulatorModule } from '../server/module.ts';

/** Exchanges listed by reqSecDefOptParams, one SECURITY_DEFINITION_OPTION_PARAMETER each (§6). */
const CHAIN_EXCHANGES = ['SMART', 'CBOE', 'AMEX', 'ISE', 'PHLX'];

export const referenceDataModule: SimulatorModule = {
  name: 'reference-data',
  handlers: {
    /**
     * CONTRACT_DATA for every match, then CONTRACT_DATA_END; nothing matches → 200 and no End
     * (§5.1, verified: IBApiNext.getContractDetails rejects with 200).
     */
    [IN.REQ_CONTRACT_DATA]: ({ session, state, r }) => {
      const { reqId, contract, secIdType, secId } = readContractData(r);
      const now = state.now();
      let found = state.catalogue.match(contract, now);
      if (secIdType.toUpperCase() === 'ISIN' && secId && contract.conId === 0 && !contract.symbol) {
        found = state.catalogue.stocks.filter((s) => s.spec.isin === secId.toUpperCase() && state.catalogue.isListed(s, now));
      }
      if (found.length === 0) throw new RequestError(ERR.NO_SECURITY_DEFINITION, reqId, TEXT.noSecurityDefinition);
      for (const inst of found) session.send(enc.contractData(reqId, state.catalogue.details(inst, contract.exchange.toUpperCase(), now)));
      session.send(enc.contractDataEnd(reqId));
    },

    /**
     * One SECURITY_DEFINITION_OPTION_PARAMETER per exchange (per exchange and trading class for SPX:
     * SPX and SPXW on SMART and CBOE), then _END; an index without options (VIX, NDX) gets just _END;
     * an unknown underlying 200.
     */
    [IN.REQ_SEC_DEF_OPT_PARAMS]: ({ session, state, r }) => {
      const { reqId, symbol, secType, conId } = readSecDefOptParams(r);
      const now = state.now();
      const index = state.catalogue.index(symbol);
      if (index && state.catalogue.isListed(index, now) && (conId === 0 || conId === index.conId) && (secType === '' || secType.toUpperCase() === 'IND')) {
        for (const row of indexChainRows(state.catalogue, index, now)) {
          for (const exchange of INDEX_OPTION_EXCHANGES) session.send(enc.secDefOptParameter(reqId, exchange, index.conId, row.tradingClass, '100', row.expirations, row.strikes));
        }
        return session.send(enc.secDefOptParameterEnd(reqId));
      }
      const stock = state.catalogue.underlying(symbol);
      const known = stock && state.catalogue.isListed(stock, now) && (conId === 0 || conId === stock.conId) && (secType === '' || secType.toUpperCase() === 'STK');
      if (!known) {
        // VIX (an index without sample options) and other instruments without a chain: an empty answer.
        if (state.catalogue.vix && symbol.toUpperCase() === 'VIX') return session.send(enc.secDefOptParameterEnd(reqId));
        throw new RequestError(ERR.NO_SECURITY_DEFINITION, reqId, TEXT.noSecurityDefinition);
      }
      const chain = state.catalogue.chain(stock, now);
      if (chain) {
        const expirations = chain.expiries.filter((e) => now < sessionCloseMs(e.date)).map((e) => String(e.date));
        for (const exchange of CHAIN_EXCHANGES) {
          session.send(enc.secDefOptParameter(reqId, exchange, stock.conId, stock.symbol, '100', expirations, chain.strikes));
        }
      }
      session.send(enc.secDefOptParameterEnd(reqId));
    },

    [IN.REQ_MATCHING_SYMBOLS]: ({ session, state, r }) => {
      const { reqId, pattern } = readMatchingSymbols(r);
      session.send(enc.symbolSamples(reqId, state.catalogue.matchingSymbols(pattern, state.now())));
    },

    /**
     * HEAD_TIMESTAMP: the first bar's time of the instrument's tape, in the intraday bar-date format
     * (formatDate 1 `yyyyMMdd HH:mm:ss US/Eastern`, 2 epoch seconds; ib-protocol.md §6). With
     * useRTH = 0 a stock's data starts at its first pre-market (04:00 ET).
     */
    [IN.REQ_HEAD_TIMESTAMP]: ({ session, state, r }) => {
      const { reqId, contract, formatDate, useRTH } = readHeadTimestamp(r);
      const res = state.catalogue.resolve(contract, state.now());
      if (!res.ok) throw new RequestError(ERR.NO_SECURITY_DEFINITION, reqId, res.reason === 'ambiguous' ? TEXT.ambiguous(res.what) : TEXT.noSecurityDefinition);
      const inst = res.instrument;
      const tape = baseTape(inst);
      const first = !useRTH && inst.secType === 'STK' ? tapeExtendedSession(tape, 0).preOpen : tape.openMs[0];
      session.send(enc.headTimestamp(reqId, barLabel('intraday', formatDate, first, tape.firstDate)));
    },
    [IN.CANCEL_HEAD_TIMESTAMP]: ({ r }) => {
      readPlainCancel(r);
    },
  },
};

/** An index's option classes (SPX: monthlies, SPXW: the rest) with their open expiries and strikes; none without options. */
function indexChainRows(catalogue: Catalogue, index: ListedIndex, now: number): { tradingClass: string; expirations: string[]; strikes: number[] }[] {
  const chain = catalogue.chain(index, now);
  if (!chain) return [];
  const rows = new Map<string, { tradingClass: string; expirations: string[]; strikes: Set<number> }>();
  for (const e of chain.expiries) {
    if (now >= sessionCloseMs(e.date)) continue;
    const cls = catalogue.option(index, e.date, e.strikes[0], 'C')?.tradingClass;
    if (!cls) continue;
    let row = rows.get(cls);
    if (!row) rows.set(cls, (row = { tradingClass: cls, expirations: [], strikes: new Set() }));
    row.expirations.push(String(e.date));
    for (const k of e.strikes) row.strikes.add(k);
  }
  return [...rows.values()].sort((a, b) => (a.tradingClass < b.tradingClass ? -1 : 1)).map((r) => ({ ...r, strikes: [...r.strikes].sort((a, b) => a - b) }));
}
