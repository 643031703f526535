/** A request the client got wrong, with the field it names: answered 400 with the message. */
export class BadRequest extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(`${field}: ${message}`);
  }
}
