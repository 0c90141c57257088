// Waiting, and giving up on work that takes too long: the Functions' 10-second limit
// (https://www.twilio.com/docs/serverless/functions-assets/functions/request-flow) leaves no
// room for a request that hangs.

/** Stops work that would start past its deadline; the caller says there is more to do. */
export class OutOfTime extends Error {}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `work`'s outcome, or a rejection with `late()` when it has not settled within `ms`. */
export function withDeadline<T>(work: Promise<T>, ms: number, late: () => unknown): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
