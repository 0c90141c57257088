// A configuration mistake must never stop a caller leaving a message: whole calls through the
// simulator against a runtime whose Environment carries the mistake, and the row they leave.
import type { SimulatedCall } from '../../emulators/twilio';
import { rowOf, useLocalStack } from '../support/e2e-stack';

const said = (call: SimulatedCall) => call.transcript.join('\n');

function expectMessageLogged(stack: ReturnType<ReturnType<typeof useLocalStack>>, call: SimulatedCall): void {
  expect(call.problems).toEqual([]);
  expect(said(call)).not.toMatch(/application error|try again later/i);
  expect(rowOf(stack, call)).toMatchObject({
    'Recording Status': 'completed',
    'Recording Duration': 15,
    'Recording SID': call.recordingSids[0],
    Transcript: 'Please call me back.',
    'Call Status': 'completed',
  });
}

describe('a VOICEMAIL_MAX_LENGTH_SECONDS of 120, above the ceiling', () => {
  const local = useLocalStack({ VOICEMAIL_MAX_LENGTH_SECONDS: '120' });

  it('still records a caller who presses 2, for at most 115 s', async () => {
    const call = await local().call({ gather: ['2'], record: { seconds: 15, end: '#', transcript: 'Please call me back.' } });
    expectMessageLogged(local(), call);
    expect(said(call)).toMatch(/message has been saved/);
    const voicemail = call.exchanges.find((e) => e.url.includes('/menu-choice'));
    expect(voicemail?.body).toMatch(/maxLength="115"/);
    expect(rowOf(local(), call)).toMatchObject({ Choice: 'voicemail' });
  });
});

describe('a VOICE Twilio does not know', () => {
  const local = useLocalStack({ VOICE: 'robot' });

  it('sends the caller to /fallback, where they still leave a message that is logged', async () => {
    const call = await local().call({ gather: ['2'], record: { seconds: 15, end: '#', transcript: 'Please call me back.' } });
    expect(said(call)).toMatch(/something went wrong on our side\. Please leave a message/);
    expect(call.exchanges.some((e) => e.url.endsWith('/fallback'))).toBe(true);
    expectMessageLogged(local(), call);
    // The Record action cannot use the voice either: a goodbye on the default one, not the menu again.
    expect(said(call)).toMatch(/Thank you\. Goodbye\./);
  });
});
