// Reference data: contract details (stocks, ETFs, VIX, options), option chain parameters, matching
// symbols, head timestamp.

import * as enc from '../wire/encoders.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN } from '../wire/message-ids.ts';
import { readContractData, readHeadTimestamp, readMatchingSymbols, readPlainCancel, readSecDefOptParams } from '../wire/requests.ts';
import { barLabel } from '../market/historical.ts';
import { baseTape } from '../market/listed.ts';
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

    /** One SECURITY_DEFINITION_OPTION_PARAMETER per exchange, then _END (unknown underlying → 200). */
    [IN.REQ_SEC_DEF_OPT_PARAMS]: ({ session, state, r }) => {
      const { reqId, symbol, secType, conId } = readSecDefOptParams(r);
      const now = state.now();
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

    /** HEAD_TIMESTAMP: the first bar's time of the instrument's tape (never after now). */
    [IN.REQ_HEAD_TIMESTAMP]: ({ session, state, r }) => {
      const { reqId, contract, formatDate } = readHeadTimestamp(r);
      const res = state.catalogue.resolve(contract, state.now());
      if (!res.ok) throw new RequestError(ERR.NO_SECURITY_DEFINITION, reqId, res.reason === 'ambiguous' ? TEXT.ambiguous(res.what) : TEXT.noSecurityDefinition);
      const inst = res.instrument;
      const tape = baseTape(inst);
      const label = barLabel('intraday', formatDate, tape.openMs[0], tape.firstDate);
      session.send(enc.headTimestamp(reqId, formatDate === 2 ? label : label.replace(' ', '-').replace(' US/Eastern', '')));
    },
    [IN.CANCEL_HEAD_TIMESTAMP]: ({ r }) => {
      readPlainCancel(r);
    },
  },
};
