// Every failure the emulator reports is an ApiError carrying the exact status and body
// Airtable would send, so handlers can simply throw and the server answers.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(describe(body));
  }
}

/** `TYPE: message`, for when an ApiError surfaces as a thrown Error (direct seeding). */
function describe(body: unknown): string {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error === 'object' && error !== null) {
    const { type, message } = error as { type?: unknown; message?: unknown };
    return `${String(type)}: ${String(message)}`;
  }
  return JSON.stringify(body);
}

export function airtableError(status: number, type: string, message: string): ApiError {
  return new ApiError(status, { error: { type, message } });
}

/** Airtable's answer for a route that does not exist: a bare string, not an object. */
export function routeNotFound(): ApiError {
  return new ApiError(404, { error: 'NOT_FOUND' });
}

/** Airtable does not reveal whether a base or table is missing or merely forbidden. */
export function modelNotFound(): ApiError {
  return airtableError(
    403,
    'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND',
    'Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct.',
  );
}

export function recordNotFound(recordId: string): ApiError {
  return airtableError(404, 'NOT_FOUND', `Could not find record ${recordId}`);
}

export function invalidRequest(message = 'Invalid request: parameter validation failed. Check your request data.'): ApiError {
  return airtableError(422, 'INVALID_REQUEST_UNKNOWN', message);
}

export function unknownFieldName(name: string): ApiError {
  return airtableError(422, 'UNKNOWN_FIELD_NAME', `Unknown field name: ${JSON.stringify(name)}`);
}

export function invalidRecords(message: string): ApiError {
  return airtableError(422, 'INVALID_RECORDS', message);
}

export function authenticationRequired(): ApiError {
  return airtableError(401, 'AUTHENTICATION_REQUIRED', 'Authentication required');
}

/** The body Airtable sends with a 429 (an `errors` array, unlike every other error). */
export function rateLimitReached(): ApiError {
  return new ApiError(429, {
    errors: [{ error: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' }],
  });
}
