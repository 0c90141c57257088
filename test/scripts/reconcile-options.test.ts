// What `npm run reconcile` reads from its command line and its variables.
import { readAirtableConfig } from '../../functions/lib/store/settings';
import { readTwilioApiConfig } from '../../functions/lib/twilio/settings';
import { UsageError } from '../../scripts/cli';
import { LOCAL_DEFAULTS } from '../../scripts/local-stack';
import { parseReconcileArgs } from '../../scripts/reconcile/args';
import { reconcileEnv } from '../../scripts/reconcile/environment';

const REAL_ACCOUNT = 'AC' + 'a'.repeat(32);

describe('reconcile variables', () => {
  it('with none set, reconciles the local stack of npm start', () => {
    const env = reconcileEnv({}, {});
    expect(readTwilioApiConfig(env)).toEqual({
      accountSid: LOCAL_DEFAULTS.ACCOUNT_SID,
      authToken: LOCAL_DEFAULTS.AUTH_TOKEN,
      baseUrl: 'http://127.0.0.1:3001',
    });
    expect(readAirtableConfig(env)).toEqual({
      token: LOCAL_DEFAULTS.AIRTABLE_TOKEN,
      baseId: LOCAL_DEFAULTS.AIRTABLE_BASE_ID,
      table: 'Calls',
      endpointUrl: 'http://127.0.0.1:3002',
    });
  });

  it('never sends real credentials anywhere but Twilio and the real base', () => {
    const file = {
      ACCOUNT_SID: REAL_ACCOUNT,
      AUTH_TOKEN: 'from-file',
      AIRTABLE_TOKEN: 'patReal',
      AIRTABLE_BASE_ID: 'appRealBase123456',
      TWILIO_API_BASE_URL: '',
    };
    const env = reconcileEnv({ AUTH_TOKEN: 'from-environment' }, file);
    expect(readTwilioApiConfig(env)).toEqual({
      accountSid: REAL_ACCOUNT,
      authToken: 'from-environment',
      baseUrl: 'https://api.twilio.com',
    });
    expect(readAirtableConfig(env).endpointUrl).toBeUndefined();
  });

  it('follows TWILIO_API_BASE_URL when it is set', () => {
    const env = reconcileEnv({ TWILIO_API_BASE_URL: 'http://127.0.0.1:4010' }, { ACCOUNT_SID: REAL_ACCOUNT, AUTH_TOKEN: 't' });
    expect(readTwilioApiConfig(env).baseUrl).toBe('http://127.0.0.1:4010');
  });
});

describe('reconcile arguments', () => {
  const now = new Date('2024-03-10T15:30:00Z');

  it('defaults to calls since the start of the day two days ago, all numbers, writing', () => {
    expect(parseReconcileArgs([], now)).toEqual({ help: false, since: new Date('2024-03-08T00:00:00Z'), dryRun: false });
  });

  it('reads --since, --to and --dry-run', () => {
    expect(parseReconcileArgs(['--since', '2024-02-29', '--to=+15025550100', '--dry-run'], now)).toEqual({
      help: false,
      since: new Date('2024-02-29T00:00:00Z'),
      to: '+15025550100',
      dryRun: true,
    });
  });

  it.each([
    [['--since', '2024-02-30'], /--since 2024-02-30: expected a date/],
    [['--since', 'yesterday'], /expected a date as YYYY-MM-DD/],
    [['--since'], /--since needs a value/],
    [['--to', '5025550100'], /--to 5025550100: expected a number in E.164/],
    [['--force'], /unknown argument "--force"/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseReconcileArgs(argv, now)).toThrow(UsageError);
    expect(() => parseReconcileArgs(argv, now)).toThrow(message);
  });
});
