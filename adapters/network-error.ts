/**
 * Error codes of a network that cannot reach a service at all (DNS, refused, reset, timed
 * out, no route): what an operator needs named instead of "unexpected error: getaddrinfo…".
 */
const UNREACHABLE = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * The code of an unreachable network anywhere in an error's chain, or undefined. Clients
 * wrap the socket's error differently: undici (fetch, discord.js) as `cause`, grammY's
 * HttpError as `error`; both are followed, a few levels deep.
 */
export function networkCode(error: unknown): string | undefined {
  const queue: unknown[] = [error];
  for (let seen = 0; queue.length > 0 && seen < 8; seen++) {
    const e = queue.shift();
    if (!e || typeof e !== "object") continue;
    const { code, cause, error: inner } = e as { code?: unknown; cause?: unknown; error?: unknown };
    if (typeof code === "string" && UNREACHABLE.has(code)) return code;
    queue.push(cause, inner);
  }
  return undefined;
}
