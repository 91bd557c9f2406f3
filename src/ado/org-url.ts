import { Result, fail, ok } from "../core/result";

/**
 * The organisation URL every Node surface connects to, checked once: an absolute https address, with plain http
 * allowed only on this machine's loopback (a local stand-in), because every request carries the token and over
 * http it would cross the network in clear. The answer has no trailing slash.
 */
export function checkOrgUrl(input: string): Result<string> {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`The organisation URL must be an http(s) address, not "${text}".`);
  }
  if (!/^https?:\/\/\S+$/i.test(text) || (url.protocol !== "https:" && url.protocol !== "http:"))
    return fail(`The organisation URL must be an http(s) address, not "${text}".`);
  if (url.username || url.password)
    return fail(
      `The organisation URL must not hold a user name or password ("${url.host}"): give the token as the docs say.`,
    );
  if (url.protocol === "http:" && !isLoopback(url.hostname))
    return fail(
      `The organisation URL ${url.origin} is plain http, so the access token would be sent in clear: use https://. Plain http is accepted only on this machine's loopback address (localhost, 127.0.0.1, [::1]) for a local stand-in.`,
    );
  return ok(text.replace(/\/+$/, ""));
}

/** localhost, 127.0.0.0/8 and [::1]: traffic that never leaves this machine. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1") return true;
  return /^127(?:\.\d{1,3}){3}$/.test(host);
}
