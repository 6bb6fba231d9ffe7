// Collects every reference file of this folder: each exports REFERENCE = { id, compute }.
import type { TestSeries } from '../support/indicator-data.ts';

export type ReferenceFn = (s: TestSeries, params: any) => Record<string, Float64Array>;

const modules = import.meta.glob<{ REFERENCE?: { id: string; compute: ReferenceFn } }>('./*.ts', { eager: true });

export const REFERENCES: ReadonlyMap<string, ReferenceFn> = new Map(
  Object.values(modules)
    .map((m) => m.REFERENCE)
    .filter((r): r is { id: string; compute: ReferenceFn } => r !== undefined)
    .map((r) => [r.id, r.compute]),
);
