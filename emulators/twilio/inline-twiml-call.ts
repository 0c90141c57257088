// A REST call made with inline TwiML (the `Twiml` parameter of Calls create) and no simulated
// caller to act it out: the stand-in plays it itself. The called phone answers, and the
// document is followed: <Say>/<Play>/<Pause> take no part in the records, and a <Dial> makes a
// child call per <Number> (or the Dial's own text), as Twilio records them:
// - "a new outbound call is created for each <Number>", with direction `outbound-dial` and the
//   answered call as its parent (https://www.twilio.com/docs/voice/api/call-resource#call-properties:
//   direction "outbound-dial for calls initiated via the <Dial> verb", parent_call_sid);
// - From is the Dial's callerId, which "defaults to the caller's number" (here the From of the
//   REST call: https://www.twilio.com/docs/voice/twiml/dial#callerid); a callerId that is not a
//   number of the account is refused, and the Dial then dials nobody (error 21210 is the REST
//   form of that refusal, https://www.twilio.com/docs/api/errors/21210).
// The stand-in's phones always answer; the legs stay in progress (nobody here hangs up).
// Parse failures are Twilio's 12100 (https://www.twilio.com/docs/api/errors/12100): the call
// ends `failed` and nothing is dialled.
import { newSid } from './sids';
import { parseTwiml, type TwimlNode } from './twiml';
import type { LiveCall } from './types';

const E164 = /^\+[1-9]\d{6,14}$/;

/** What following the document did, for the stand-in's problems list. */
export interface InlineOutcome {
  legs: LiveCall[];
  problems: string[];
}

/** The numbers a <Dial> rings: its <Number> nouns, or its own text (https://www.twilio.com/docs/voice/twiml/dial). */
function dialled(dial: TwimlNode): string[] {
  const numbers = dial.children.filter((child) => child.name === 'Number').map((child) => child.text.trim());
  return numbers.length > 0 ? numbers : dial.text.trim() ? [dial.text.trim()] : [];
}

/**
 * The owner of `call` answers and its TwiML runs: the call becomes in-progress, and each <Dial>
 * adds its child legs. `ownNumbers` are the account's numbers, the only valid caller IDs.
 */
export function answerInlineTwiml(call: LiveCall, twiml: string, ownNumbers: Set<string>, at: string): InlineOutcome {
  const problems: string[] = [];
  let verbs: TwimlNode[];
  try {
    verbs = parseTwiml(twiml);
  } catch (err) {
    call.status = 'failed';
    call.endTime = at;
    return { legs: [], problems: [`12100 ${call.sid}: ${(err as Error).message}`] };
  }
  call.status = 'in-progress';
  call.startTime = at;
  const legs: LiveCall[] = [];
  for (const verb of verbs) {
    if (verb.name === 'Hangup' || verb.name === 'Reject') break;
    if (verb.name !== 'Dial') continue;
    const callerId = verb.attrs.callerId ?? call.from;
    if (!ownNumbers.has(callerId)) {
      problems.push(`21210 ${call.sid}: <Dial callerId="${callerId}"> is not a number of the account`);
      continue;
    }
    for (const to of dialled(verb)) {
      if (!E164.test(to)) {
        problems.push(`21211 ${call.sid}: <Number>${to}</Number> is not a valid phone number`);
        continue;
      }
      legs.push({
        sid: newSid('CA'),
        parentCallSid: call.sid,
        direction: 'outbound-dial',
        from: callerId,
        to,
        status: 'in-progress',
        startTime: at,
        endTime: at,
        durationSeconds: 0,
      });
    }
    // The stand-in's callee stays on the line: the Dial does not end, so no verb after it runs.
    if (legs.length > 0) break;
  }
  return { legs, problems };
}
