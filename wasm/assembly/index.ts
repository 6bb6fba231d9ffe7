// Exports only. One file per kernel, grouped in families; conventions in README.md beside this file.
export { alloc, free, copy_block } from './memory';
export * from './family-averages';
export * from './family-ranges';
export * from './family-volume-levels';
