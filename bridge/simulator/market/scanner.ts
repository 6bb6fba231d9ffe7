// The market scanner over the stocks and ETFs we carry (ib-protocol.md §6 "Scanner"): which scan
// codes, instruments and locations we serve (and the ScanParameterResponse XML that lists them),
// and the ranking of a scan at a replay instant from the same quotes reqMktData reports (quotes.ts):
// session volume, change since the previous close or the open, volume against the 20-session
// average, and option volume over the listed chain.

import type { Catalogue } from './catalogue.ts';
import type { ListedStock } from './listed.ts';
import { newQuote, type Quote, type QuoteModel } from './quotes.ts';
import type { ScannerRow } from '../wire/service-encoders.ts';

/** How a scan orders the universe: `value` per stock (undefined = not in this scan), larger first unless `ascending`. */
interface ScanCode {
  readonly code: string;
  readonly displayName: string;
  readonly ascending?: boolean;
  readonly needsOptions?: boolean;
  value(m: StockMetrics): number | undefined;
}

/** What a scan can rank a stock by, at one instant. */
export interface StockMetrics {
  readonly stock: ListedStock;
  readonly last: number;
  readonly volume: number;
  /** % change since the previous close / since today's open. */
  readonly changePct: number;
  readonly openChangePct: number;
  /** Session volume so far ÷ (20-session average daily volume × fraction of the session elapsed). */
  readonly relativeVolume: number;
  /** Option contracts traded so far today over the listed chain (NaN when not computed). */
  callVolume: number;
  putVolume: number;
}

export const SCAN_CODES: readonly ScanCode[] = [
  { code: 'MOST_ACTIVE', displayName: 'Most Active', value: (m) => m.volume },
  { code: 'TOP_PERC_GAIN', displayName: 'Top % Gainers', value: (m) => (m.changePct > 0 ? m.changePct : undefined) },
  { code: 'TOP_PERC_LOSE', displayName: 'Top % Losers', ascending: true, value: (m) => (m.changePct < 0 ? m.changePct : undefined) },
  { code: 'TOP_OPEN_PERC_GAIN', displayName: 'Top % Gainers Since Open', value: (m) => (m.openChangePct > 0 ? m.openChangePct : undefined) },
  { code: 'TOP_OPEN_PERC_LOSE', displayName: 'Top % Losers Since Open', ascending: true, value: (m) => (m.openChangePct < 0 ? m.openChangePct : undefined) },
  { code: 'HOT_BY_VOLUME', displayName: 'Hot Contracts by Volume', value: (m) => (m.relativeVolume > 0 ? m.relativeVolume : undefined) },
  {
    code: 'OPT_VOLUME_MOST_ACTIVE',
    displayName: 'Most Active by Opt Volume',
    needsOptions: true,
    value: (m) => (m.callVolume + m.putVolume > 0 ? m.callVolume + m.putVolume : undefined),
  },
  {
    code: 'HIGH_OPT_VOLUME_PUT_CALL_RATIO',
    displayName: 'High Opt Volume P/C Ratio',
    needsOptions: true,
    value: (m) => (m.callVolume > 0 ? m.putVolume / m.callVolume : undefined),
  },
];

/** Scanner locations we serve: a location code and the primary exchanges it covers (empty = all). */
export const SCAN_LOCATIONS: readonly { readonly code: string; readonly name: string; readonly primaryExchanges: readonly string[] }[] = [
  { code: 'STK.US.MAJOR', name: 'Listed/NASDAQ', primaryExchanges: [] },
  { code: 'STK.US', name: 'US Stocks', primaryExchanges: [] },
  { code: 'STK.NASDAQ', name: 'NASDAQ', primaryExchanges: ['NASDAQ'] },
  { code: 'STK.ARCA', name: 'NYSE Arca', primaryExchanges: ['ARCA'] },
];

/** The one instrument type we scan. */
export const SCAN_INSTRUMENT = 'STK';
/** TWS returns at most 50 rows per scan. */
export const MAX_SCAN_ROWS = 50;

export interface ScanRequest {
  readonly instrument: string;
  readonly locationCode: string;
  readonly scanCode: string;
  readonly numberOfRows: number;
  readonly abovePrice: number | undefined;
  readonly belowPrice: number | undefined;
  readonly aboveVolume: number | undefined;
}

/** Why a scan cannot run (a sentence naming the field), or undefined. */
export function scanProblem(req: ScanRequest): string | undefined {
  if (req.instrument.toUpperCase() !== SCAN_INSTRUMENT) return `instrument '${req.instrument}' is not available (only ${SCAN_INSTRUMENT})`;
  if (!SCAN_LOCATIONS.some((l) => l.code === req.locationCode.toUpperCase())) return `location code '${req.locationCode}' is not available`;
  if (!SCAN_CODES.some((c) => c.code === req.scanCode.toUpperCase())) return `scan code '${req.scanCode}' is not available`;
  return undefined;
}

/** Ranks the universe at instant t; rows are 0-based ranks like TWS's. */
export class Scanner {
  private readonly quote: Quote = newQuote();
  private readonly optionQuote: Quote = newQuote();
  /** Option volume per stock and replay minute (a chain walk is the costly part). */
  private readonly optionVolumes = new Map<string, { call: number; put: number }>();

  constructor(
    private readonly catalogue: Catalogue,
    private readonly quotes: QuoteModel,
  ) {}

  scan(req: ScanRequest, t: number): ScannerRow[] {
    const code = SCAN_CODES.find((c) => c.code === req.scanCode.toUpperCase());
    const location = SCAN_LOCATIONS.find((l) => l.code === req.locationCode.toUpperCase());
    if (!code || !location) return [];
    const scored: { m: StockMetrics; v: number }[] = [];
    for (const stock of this.catalogue.stocks) {
      if (location.primaryExchanges.length > 0 && !location.primaryExchanges.includes(stock.primaryExchange)) continue;
      if (!this.catalogue.isListed(stock, t)) continue;
      const m = this.metrics(stock, t);
      if (!m) continue;
      if (req.abovePrice !== undefined && !(m.last > req.abovePrice)) continue;
      if (req.belowPrice !== undefined && !(m.last < req.belowPrice)) continue;
      if (req.aboveVolume !== undefined && !(m.volume > req.aboveVolume)) continue;
      if (code.needsOptions) this.addOptionVolume(m, t);
      const v = code.value(m);
      if (v !== undefined && Number.isFinite(v)) scored.push({ m, v });
    }
    scored.sort((a, b) => (code.ascending ? a.v - b.v : b.v - a.v) || (a.m.stock.symbol < b.m.stock.symbol ? -1 : 1));
    const limit = req.numberOfRows > 0 ? Math.min(req.numberOfRows, MAX_SCAN_ROWS) : MAX_SCAN_ROWS;
    return scored.slice(0, limit).map(({ m }, rank) => {
      const s = m.stock;
      const etf = s.spec.stockType === 'ETF';
      return {
        rank, conId: s.conId, symbol: s.symbol, secType: 'STK', exchange: 'SMART', currency: s.currency, localSymbol: s.symbol,
        marketName: etf ? s.symbol : 'NMS', tradingClass: etf ? s.symbol : 'NMS',
      };
    });
  }

  /** A stock's quote-derived metrics at t, or undefined without a quote. */
  metrics(stock: ListedStock, t: number): StockMetrics | undefined {
    const q = this.quotes.quote(stock, t, this.quote);
    if (!q.valid || !(q.last > 0)) return undefined;
    const tape = stock.tape;
    const i = tape.indexOfDate(q.date);
    let relativeVolume = NaN;
    if (i > 0) {
      let sum = 0;
      let n = 0;
      for (let j = Math.max(0, i - 20); j < i; j++, n++) sum += tape.daily.volume[j];
      const open = tape.openMs[i];
      const close = tape.closeMs[i];
      const elapsed = Math.min(1, Math.max(0, (t - open) / (close - open)));
      if (n > 0 && sum > 0 && elapsed > 0) relativeVolume = q.volume / ((sum / n) * elapsed);
    }
    return {
      stock,
      last: q.last,
      volume: q.volume,
      changePct: q.close > 0 ? ((q.last - q.close) / q.close) * 100 : NaN,
      openChangePct: q.open > 0 ? ((q.last - q.open) / q.open) * 100 : NaN,
      relativeVolume,
      callVolume: NaN,
      putVolume: NaN,
    };
  }

  /** Sums today's option volume over the listed chain (the volumes reqMktData reports for each option). */
  private addOptionVolume(m: StockMetrics, t: number): void {
    const stock = m.stock;
    const key = `${stock.symbol}:${Math.floor(t / 60_000)}`;
    let v = this.optionVolumes.get(key);
    if (!v) {
      v = { call: 0, put: 0 };
      const chain = this.catalogue.chain(stock, t);
      for (const e of chain?.expiries ?? []) {
        for (const k of e.strikes) {
          for (const right of ['C', 'P'] as const) {
            const opt = this.catalogue.option(stock, e.date, k, right);
            if (!opt || t >= opt.expiryMs) continue;
            const q = this.quotes.quote(opt, t, this.optionQuote);
            if (!q.valid) continue;
            if (right === 'C') v.call += q.volume;
            else v.put += q.volume;
          }
        }
      }
      if (this.optionVolumes.size > 256) this.optionVolumes.clear();
      this.optionVolumes.set(key, v);
    }
    m.callVolume = v.call;
    m.putVolume = v.put;
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The ScanParameterResponse document of reqScannerParameters: the instrument, the location tree and
 * the scan types above, and the filters a subscription applies (price and volume bounds).
 */
export function scannerParametersXml(): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<ScanParameterResponse>'];
  lines.push(
    '  <InstrumentList varName="instrumentList">',
    '    <Instrument>',
    '      <name>US Stocks</name>',
    `      <type>${SCAN_INSTRUMENT}</type>`,
    '      <filters>PRICE,VOLUME</filters>',
    '      <group>STK.GLOBAL</group>',
    '      <shortName>US</shortName>',
    '    </Instrument>',
    '  </InstrumentList>',
    '  <LocationTree varName="locationTree">',
    '    <Location>',
    '      <name>US Stocks</name>',
    `      <instruments>${SCAN_INSTRUMENT}</instruments>`,
    '      <routeExchange>SMART</routeExchange>',
    '      <delayedOnly>false</delayedOnly>',
    '      <access>true</access>',
    '      <LocationTree>',
  );
  for (const l of SCAN_LOCATIONS) {
    lines.push(
      '        <Location>',
      `          <name>${esc(l.name)}</name>`,
      `          <locationCode>${l.code}</locationCode>`,
      `          <instruments>${SCAN_INSTRUMENT}</instruments>`,
      '          <routeExchange>SMART</routeExchange>',
      '          <delayedOnly>false</delayedOnly>',
      '          <access>true</access>',
      '        </Location>',
    );
  }
  lines.push('      </LocationTree>', '    </Location>', '  </LocationTree>', '  <ScanTypeList varName="scanTypeList">');
  for (const c of SCAN_CODES) {
    lines.push(
      '    <ScanType>',
      `      <displayName>${esc(c.displayName)}</displayName>`,
      `      <scanCode>${c.code}</scanCode>`,
      `      <instruments>${SCAN_INSTRUMENT}</instruments>`,
      '      <absoluteColumns>false</absoluteColumns>',
      '      <supportsSorting>true</supportsSorting>',
      `      <respSizeLimit>${MAX_SCAN_ROWS}</respSizeLimit>`,
      `      <snapshotSizeLimit>${MAX_SCAN_ROWS}</snapshotSizeLimit>`,
      '      <searchDefault>false</searchDefault>',
      '      <access>unrestricted</access>',
      '    </ScanType>',
    );
  }
  lines.push('  </ScanTypeList>', '  <FilterList varName="filterList">');
  for (const [id, category, fields] of [
    ['PRICE', 'Price', [['priceAbove', 'Price above'], ['priceBelow', 'Price below']]],
    ['VOLUME', 'Volume', [['volumeAbove', 'Volume above']]],
  ] as const) {
    lines.push('    <RangeFilter>', `      <id>${id}</id>`, `      <category>${category}</category>`, '      <Columns varName="columns"/>', '      <AbstractField>');
    for (const [code, name] of fields) lines.push(`        <code>${code}</code>`, `        <displayName>${name}</displayName>`);
    lines.push('      </AbstractField>', '    </RangeFilter>');
  }
  lines.push('  </FilterList>', '</ScanParameterResponse>');
  return lines.join('\n');
}
