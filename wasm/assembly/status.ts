// Status codes every kernel returns. The TypeScript wrapper maps them to named errors.
export const OK: i32 = 0;
export const ERR_PERIOD: i32 = -1; // a period parameter is out of range
export const ERR_PARAM: i32 = -2; // another parameter is out of range
export const ERR_LENGTH: i32 = -3; // n is negative
