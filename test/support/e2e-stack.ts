// The end-to-end fixture: one local stack per test file, reset between tests, and the
// Airtable row a simulated call left behind.

import type { SimulatedCall, SimulatedCallOptions } from '../../emulators/twilio';
import { type LocalStack, startLocalStack } from '../../scripts/local-stack';

export const FORWARD_TO = '+14155550199';

/**
 * Registers the jest hooks and returns a getter: the stack exists only once beforeAll has run.
 * @param env variables over the fixture's own; `log` receives the runtime's output.
 */
export function useLocalStack(env: Record<string, string> = {}, log?: (line: string) => void): () => LocalStack {
  let stack: LocalStack | undefined;
  beforeAll(async () => {
    stack = await startLocalStack({ env: { FORWARD_TO, MENU_MAX_ATTEMPTS: '2', ...env }, log });
  }, 90000);
  afterAll(() => stack?.stop());
  afterEach(() => {
    stack!.airtable!.clearFaults();
    stack!.airtable!.setRateLimit({ enabled: false });
  });
  return () => stack!;
}

/**
 * The stack, with its calls placed at `startAt` unless a call says otherwise: the test's clock,
 * so that the calls' times, and the windows read around them, never depend on today's date.
 */
export function placingCallsAt(stack: () => LocalStack, startAt: Date): () => LocalStack {
  return () => {
    const started = stack();
    return { ...started, call: (options: Partial<SimulatedCallOptions> = {}) => started.call({ startAt, ...options }) };
  };
}

export function rowsOf(stack: LocalStack, call: SimulatedCall): Record<string, unknown>[] {
  const { baseId, table } = stack.airtableConfig;
  return stack
    .airtable!.records(baseId, table)
    .filter((r) => r.fields['Call SID'] === call.callSid)
    .map((r) => r.fields);
}

export function rowOf(stack: LocalStack, call: SimulatedCall): Record<string, unknown> {
  const rows = rowsOf(stack, call);
  expect(rows).toHaveLength(1);
  return rows[0];
}
