/**
 * An error the person running Matinee can fix (missing data, a bad setting, a title we
 * cannot find). Its message is written for them; entry points print it without a stack.
 */
export class UserFacingError extends Error {
  override readonly name = "UserFacingError";
}
