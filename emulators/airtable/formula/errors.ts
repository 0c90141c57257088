// Raised while reading a formula; the request handler turns it into a 422.
export class FormulaSyntaxError extends Error {}

/** A formula that parses but names fields the table does not have. */
export class UnknownFormulaFieldError extends Error {
  constructor(readonly names: string[]) {
    super(`Unknown field names: ${names.join(', ')}`);
  }
}
