// Alert settings on whole calls: missed-call alerts turned off, and a half-configured email
// channel that is named in the function log while texts still go out.
import type { SimulatedCall } from '../../emulators/twilio';
import { useLocalStack } from '../support/e2e-stack';

const log: string[] = [];
const local = useLocalStack({ ALERT_MISSED_CALLS: 'false', ALERT_EMAIL_FROM: '' }, (line) => log.push(line));
const textsAbout = (call: SimulatedCall) =>
  local()
    .media.messages()
    .filter((m) => m.body.includes(call.callSid));

it('ALERT_MISSED_CALLS=false: a missed call alerts nobody', async () => {
  const call = await local().call({ gather: ['1'], dial: [{ outcome: 'busy' }], record: { seconds: 0, end: 'hangup' } });
  expect(call.problems).toEqual([]);
  expect(textsAbout(call)).toEqual([]);
  expect(local().sendgrid.mail()).toEqual([]);
});

it('email half configured: the log names the missing variable, and the voicemail is still texted, once', async () => {
  const call = await local().call({ gather: ['2'], record: { seconds: 8, end: '#', transcript: 'Text only.' } });
  expect(call.problems).toEqual([]);
  expect(textsAbout(call)).toHaveLength(1);
  expect(textsAbout(call)[0].body).toContain('Text only.');
  expect(local().sendgrid.mail()).toEqual([]);
  expect(log.join('\n')).toMatch(/ALERT_EMAIL_FROM is not set: email alerts also need ALERT_EMAIL_TO and SENDGRID_API_KEY/);
});
