// The TWS message codes the connection manager acts on (ib-protocol.md §6 "Error and notice codes",
// §7 P1, P2, P6, P12, P14). Notices with id −1 arrive on @stoqey/ib's `info` event, not `error`.

/** Connectivity between TWS and IB lost: the connection is up but nothing is trustworthy. */
export const CONNECTIVITY_LOST = 1100;
/** Connectivity restored, data lost: every subscription must be made again. */
export const RESTORED_DATA_LOST = 1101;
/** Connectivity restored, data maintained. */
export const RESTORED_DATA_MAINTAINED = 1102;
/** Connectivity between TWS and the server broken ("will be restored automatically"). */
export const TWS_SERVER_BROKEN = 2110;
/** The client id is in use (or TWS's client limit is reached); TWS closes the socket. */
export const CLIENT_ID_IN_USE = 326;
/** @stoqey/ib: a socket error (ECONNREFUSED, ECONNRESET, …). */
export const CONNECT_FAIL = 502;
/** @stoqey/ib: a message it could not decode (underrun, unprocessed fields, unknown id) — dropped (P12). */
export const DECODE_ERROR = 505;
/** @stoqey/ib: the server version is outside 100..193. */
export const UNSUPPORTED_VERSION = 506;
