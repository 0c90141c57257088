// The limits of the Functions environment, checked before a deploy (npm run check:config) and
// when the local runtime starts. Over either one, every function may fail, /menu and /fallback
// included, so the caller hears Twilio's application error:
// - one variable's value is at most 450 bytes (twilio-node, src/rest/serverless/v1/service/environment/variable.ts:
//   "It can be a maximum of 450 bytes in size");
// - "Context size consists of account metadata, domain name, path and Environment variables
//   stored as a JSON string. If this string exceeds 3KB, invocations may fail"
//   (error 82006, https://www.twilio.com/docs/api/errors/82006).
export const MAX_VALUE_BYTES = 450;
// 3 KB read as 3,000 bytes, the smaller of its two readings.
export const MAX_CONTEXT_BYTES = 3000;

// What Twilio adds to the variables, at its longest: the account and service metadata, the
// service's domain (<service>-<4 digits>-<environment>.twil.io) and the longest function path.
const RUNTIME_CONTEXT = {
  ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  AUTH_TOKEN: '0'.repeat(32),
  SERVICE_SID: `ZS${'0'.repeat(32)}`,
  ENVIRONMENT_SID: `ZE${'0'.repeat(32)}`,
  DOMAIN_NAME: 'trusted-line-0000-production.twil.io',
  PATH: '/recording-status',
};

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The size problems of the variables the Functions would get, each naming a variable and its size. */
export function limitProblems(variables: Record<string, string>): string[] {
  const problems = Object.entries(variables)
    .filter(([, value]) => bytes(value) > MAX_VALUE_BYTES)
    .map(([name, value]) => `${name} is ${bytes(value)} bytes; a Functions environment variable holds at most ${MAX_VALUE_BYTES} bytes.`);
  const context = bytes(JSON.stringify({ ...RUNTIME_CONTEXT, ...variables }));
  if (context > MAX_CONTEXT_BYTES) {
    const largest = Object.entries(variables)
      .map(([name, value]) => ({ name, size: bytes(JSON.stringify(name)) + bytes(JSON.stringify(value)) + 2 }))
      .sort((a, b) => b.size - a.size)
      .slice(0, 3)
      .map(({ name, size }) => `${name} (${size} bytes)`);
    problems.push(
      `The Functions context would be ${context} bytes, over ${MAX_CONTEXT_BYTES} (Twilio error 82006: invocations may fail); shorten the largest: ${largest.join(', ')}.`,
    );
  }
  return problems;
}
