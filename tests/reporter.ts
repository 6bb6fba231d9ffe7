// Prints the plain closing line CI reads: `N passed, M failed` (plus `, K skipped` when any).
// A test file that fails to load, and every unhandled error, counts as one failure.
import type { Reporter, TestModule } from 'vitest/node';
import type { SerializedError } from 'vitest';

export default class PassFailLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of modules) {
      let tests = 0;
      for (const test of mod.children.allTests()) {
        tests++;
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A module that errored outside any test (import failure, hook failure) is a failure too.
      if (mod.errors().length > 0 || (tests === 0 && mod.state() === 'failed')) failed++;
    }
    failed += unhandledErrors.length;
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(`\n${passed} passed, ${failed} failed${tail}\n`);
  }
}
