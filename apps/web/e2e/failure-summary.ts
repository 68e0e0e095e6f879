/**
 * A reporter that repeats each failed test's error, shortened, as the very last lines of the run: CI keeps
 * only the tail of a long log, and the list reporter prints the errors far above it (a failed console check
 * showed the assertion's line but not which errors it had received).
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

const MAX_CHARS = 1200;

export default class FailureSummary implements Reporter {
  private readonly failures: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'passed' || result.status === 'skipped') return;
    // eslint-disable-next-line no-control-regex -- the escape sequences of the terminal colours, dropped
    const message = (result.error?.message ?? result.status).replace(/\u001b\[[0-9;]*m/g, '');
    this.failures.push(`${test.titlePath().slice(1).join(' › ')}\n  ${message.slice(0, MAX_CHARS).replace(/\n/g, '\n  ')}`);
  }

  onEnd(): void {
    if (this.failures.length === 0) return;
    console.log(`\nFailed tests, in short (${this.failures.length}):`);
    for (const failure of this.failures) console.log(failure);
  }
}
