// Recreates the globals the Twilio Functions runtime gives every function (its own
// `twilio` as `Twilio`, with the runtime's Response), so that unit tests can load
// function sources directly (TypeScript, through ts-jest).
import * as path from 'path';
import twilio from 'twilio';

// The local runtime's own Response class, the one twilio-run hands to functions. The
// package's exports map hides it, so it is loaded by file path.
const { Response } = require(path.join(path.dirname(require.resolve('@twilio/runtime-handler/dev')), 'internal/response.js'));

Object.assign(globalThis, {
  Twilio: { ...twilio, Response },
  Runtime: { getFunctions: () => ({}), getAssets: () => ({}), getSync: () => undefined },
});
