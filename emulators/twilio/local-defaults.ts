// Credentials for purely local runs: they only have to agree between the local Functions server
// and the simulator, because no request ever reaches Twilio.
export const LOCAL_ACCOUNT_SID = 'AC' + '0'.repeat(32);
export const LOCAL_AUTH_TOKEN = 'local-dev-auth-token';
