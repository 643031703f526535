import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";

/** The cookie naming a person's web profile (`web:<id>` in the store). */
export const COOKIE = "matinee_web";
/** A year: long enough to come back to, short enough to lapse (browsers cap at 400 days). */
const MAX_AGE_SECONDS = 365 * 24 * 3600;
const ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * The web id the signed cookie carries, or undefined when there is none (or it was forged or
 * signed with another secret: then it is as if there were none).
 */
export async function readWebId(c: Context, secret: string): Promise<string | undefined> {
  const value = await getSignedCookie(c, secret, COOKIE);
  return typeof value === "string" && ID.test(value) ? value : undefined;
}

/**
 * The web id, made and set now when the request has none. HttpOnly (no script reads it),
 * SameSite=Strict (no other site's page can act as the person), Secure over HTTPS.
 */
export async function webId(c: Context, secret: string): Promise<string> {
  const known = await readWebId(c, secret);
  if (known) return known;
  const id = randomBytes(16).toString("base64url");
  await setSignedCookie(c, COOKIE, id, secret, {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    maxAge: MAX_AGE_SECONDS,
    secure: isHttps(c),
  });
  return id;
}

export function forgetWebId(c: Context): void {
  deleteCookie(c, COOKIE, { path: "/", secure: isHttps(c) });
}

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}
