// Credentials for purely local runs: they only have to agree between the local Functions server
// and the simulator, because no request ever reaches Twilio. The token has an auth token's
// shape (32 letters and digits): the local runtime's context.getTwilioClient() refuses any other.
export const LOCAL_ACCOUNT_SID = 'AC' + '0'.repeat(32);
export const LOCAL_AUTH_TOKEN = 'localdevauthtoken' + '0'.repeat(15);
