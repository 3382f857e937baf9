/** The check every action passes first: a POST is only honoured when the browser says it came from this dashboard's own origin. */

/**
 * True when `request` is same-origin: `Sec-Fetch-Site: same-origin` (every current browser
 * sends it), or, from an older browser, an `Origin` equal to the request's own. A request
 * with neither header (a script, curl) is refused: actions are for the dashboard's own forms.
 */
export function isSameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  const origin = request.headers.get("origin");
  return origin !== null && origin !== "null" && origin === new URL(request.url).origin;
}
