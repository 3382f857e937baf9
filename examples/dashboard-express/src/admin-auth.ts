// The auth example: HTTP Basic credentials checked in `authorize` (use your session check instead in a real application).
import { timingSafeEqual } from "node:crypto";
import type { DashboardAuthorize } from "@tributary/dashboard";

/** No credentials → a 401 asking for them; wrong ones → false, which the dashboard answers with 403. */
export function adminOnly(password: string): DashboardAuthorize {
  const expected = Buffer.from(`Basic ${Buffer.from(`admin:${password}`).toString("base64")}`);
  return (request) => {
    const given = request.headers.get("authorization");
    if (given === null) return new Response("Sign in to see the jobs", { status: 401, headers: { "www-authenticate": 'Basic realm="jobs"' } });
    const bytes = Buffer.from(given);
    return bytes.length === expected.length && timingSafeEqual(bytes, expected);
  };
}
