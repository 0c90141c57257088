// Every failure the functions tell apart, in one place. Each class says what went wrong
// and carries the underlying error as `cause`; boundary/error-answers.ts decides what each
// audience (the caller, Twilio, the feed page) is told about it.

/**
 * A request parameter that is missing or malformed: the sender's fault, answered 400.
 *
 * @example
 * throw new BadRequest('CallSid must be CA followed by 32 hexadecimal characters');
 */
export class BadRequest extends Error {
  override name = 'BadRequest';
}

/**
 * A variable of the Functions environment that is missing or unusable. The message names
 * the variable and never echoes a secret's value.
 *
 * @example
 * throw new ConfigError('FORWARD_TO', 'is not set');
 */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(
    readonly variable: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${variable} ${problem}`, options);
  }
}

/**
 * A call-log (Airtable) request that failed. `retryable` says whether asking again can
 * help (timeouts, 5xx, 429); `status` is Airtable's HTTP status when it answered.
 *
 * @example
 * throw new StoreError('Airtable request failed: TIMEOUT', { retryable: true, cause: err });
 */
export class StoreError extends Error {
  override name = 'StoreError';
  readonly retryable: boolean;
  readonly status?: number;
  /** Airtable's error type when it answered, such as LIST_RECORDS_ITERATOR_NOT_AVAILABLE. */
  readonly type?: string;

  constructor(message: string, options: { retryable: boolean; status?: number; type?: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable;
    this.status = options.status;
    this.type = options.type;
  }
}

/**
 * A failure the feed page should see as it is: an HTTP status and a sentence for the owner.
 *
 * @example
 * throw new HttpError(401, 'Sign in with the feed password.');
 */
export class HttpError extends Error {
  override name = 'HttpError';
  /** More the page needs to act on the failure, sent beside the sentence (a note's current text on a conflict). */
  readonly details?: Record<string, unknown>;

  constructor(
    readonly status: number,
    message: string,
    options?: ErrorOptions & { details?: Record<string, unknown> },
  ) {
    super(message, options);
    this.details = options?.details;
  }
}

/**
 * The owner's alert could not go out (yet): a channel refused or did not answer, or there was
 * no time left to send it. The call-log write it follows has succeeded; asking again (Twilio's
 * retry of the callback, or the later pass) sends what is still owed.
 *
 * @example
 * throw new AlertError('sms to +14155550199 failed: 503 Service Unavailable');
 */
export class AlertError extends Error {
  override name = 'AlertError';
}
