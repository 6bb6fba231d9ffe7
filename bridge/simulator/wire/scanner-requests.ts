// Decoders for the market scanner requests at server version 193 (ib-protocol.md §4). Counts
// include the message id.

import type { FieldReader } from './field-reader.ts';

/** The fields of a scanner subscription this simulator applies (the rest are read and ignored). */
export interface ScannerSubscriptionRequest {
  reqId: number;
  /** Rows wanted; "" or -1 → TWS's maximum of 50. */
  numberOfRows: number;
  instrument: string;
  locationCode: string;
  scanCode: string;
  abovePrice: number | undefined;
  belowPrice: number | undefined;
  aboveVolume: number | undefined;
  stockTypeFilter: string;
  /** scannerSubscriptionFilterOptions as sent: `tag=value;…`. */
  filterOptions: string;
}

/**
 * REQ_SCANNER_SUBSCRIPTION (no version at ≥143): [22, reqId, numberOfRows, instrument,
 * locationCode, scanCode, abovePrice, belowPrice, aboveVolume, marketCapAbove, marketCapBelow,
 * moodyRatingAbove, moodyRatingBelow, spRatingAbove, spRatingBelow, maturityDateAbove,
 * maturityDateBelow, couponRateAbove, couponRateBelow, excludeConvertible,
 * averageOptionVolumeAbove, scannerSettingPairs, stockTypeFilter, filterOptions,
 * subscriptionOptions]. 25 fields.
 */
export function readScannerSubscription(r: FieldReader): ScannerSubscriptionRequest {
  const reqId = (r.reqId = r.int('reqId'));
  const numberOfRows = r.intOr('numberOfRows', -1);
  const instrument = r.str('instrument');
  const locationCode = r.str('locationCode');
  const scanCode = r.str('scanCode');
  const abovePrice = r.num('abovePrice');
  const belowPrice = r.num('belowPrice');
  const aboveVolume = r.num('aboveVolume');
  r.num('marketCapAbove');
  r.num('marketCapBelow');
  r.str('moodyRatingAbove');
  r.str('moodyRatingBelow');
  r.str('spRatingAbove');
  r.str('spRatingBelow');
  r.str('maturityDateAbove');
  r.str('maturityDateBelow');
  r.num('couponRateAbove');
  r.num('couponRateBelow');
  r.str('excludeConvertible');
  r.num('averageOptionVolumeAbove');
  r.str('scannerSettingPairs');
  const stockTypeFilter = r.str('stockTypeFilter');
  const filterOptions = r.str('scannerSubscriptionFilterOptions');
  r.str('scannerSubscriptionOptions');
  r.end();
  return { reqId, numberOfRows, instrument, locationCode, scanCode, abovePrice, belowPrice, aboveVolume, stockTypeFilter, filterOptions };
}

/** CANCEL_SCANNER_SUBSCRIPTION: [23, v=1, reqId]. 3 fields (readVersionedCancel in requests.ts). */
export { readVersionedCancel as readCancelScanner } from './requests.ts';
