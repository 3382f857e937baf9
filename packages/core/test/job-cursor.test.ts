// River's job list cursor codec: the exact JSON River's Go writes, both base64 alphabets, exact int64 ids, and refused garbage.
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../src/base/errors.js";
import { decodeJobCursor, encodeJobCursor, rfc3339Nano } from "../src/admin/job-cursor.js";

const goUrlSafe = (json: string) => Buffer.from(json, "utf8").toString("base64").replace(/\+/g, "-").replace(/\//g, "_");

describe("job cursor", () => {
  it("writes Go's encoding/json of River's cursor struct: field order, Go's HTML escapes, exact int64 id", () => {
    const text = encodeJobCursor({ id: "9223372036854775807", kind: "a<b>&c", queue: "q", sortField: "time", time: "2026-01-01T00:00:05.000001Z" });
    expect(Buffer.from(text, "base64").toString("utf8")).toBe(
      '{"id":9223372036854775807,"kind":"a\\u003cb\\u003e\\u0026c","queue":"q","sort_field":"time","time":"2026-01-01T00:00:05.000001Z"}',
    );
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it("reads River's URL-safe output and the standard alphabet alike, ids beyond 2^53 exactly", () => {
    const json = '{"id":9007199254740993,"kind":"???~~~","queue":"q","sort_field":"scheduled_at","time":"2026-01-01T00:00:05.123456789Z"}';
    const url = goUrlSafe(json);
    const std = Buffer.from(json, "utf8").toString("base64");
    expect(url).not.toBe(std);
    for (const text of [url, std]) {
      expect(decodeJobCursor(text, "cursor")).toEqual({
        id: "9007199254740993", kind: "???~~~", queue: "q", sortField: "scheduled_at", time: "2026-01-01T00:00:05.123456789Z",
      });
    }
  });

  it("reads Go's zero time (in any offset) as no time: River's id ordering", () => {
    for (const time of ["0001-01-01T00:00:00Z", "0001-01-01T01:00:00+01:00"]) {
      expect(decodeJobCursor(goUrlSafe(`{"id":1,"kind":"k","queue":"q","sort_field":"id","time":"${time}"}`), "c").time).toBeNull();
    }
  });

  it("writes RFC 3339 nano from PostgreSQL's microseconds as Go does", () => {
    expect(rfc3339Nano("2026-01-01T00:00:05.000000")).toBe("2026-01-01T00:00:05Z");
    expect(rfc3339Nano("2026-01-01T00:00:50.120000")).toBe("2026-01-01T00:00:50.12Z");
    expect(rfc3339Nano("2026-01-01T00:00:00.000001")).toBe("2026-01-01T00:00:00.000001Z");
    expect(rfc3339Nano(null)).toBeNull();
  });

  it("refuses what is not a River cursor, naming the field", () => {
    const bad = [
      "not base64!",
      "YQ",
      Buffer.from("[1]").toString("base64"),
      goUrlSafe('{"id":0,"kind":"k","queue":"q","sort_field":"id","time":"0001-01-01T00:00:00Z"}'),
      goUrlSafe('{"id":1.5,"kind":"k","queue":"q","sort_field":"id","time":"0001-01-01T00:00:00Z"}'),
      goUrlSafe('{"id":1,"kind":"k","queue":"q","sort_field":"priority","time":"0001-01-01T00:00:00Z"}'),
      goUrlSafe('{"id":1,"kind":"k","queue":"q","sort_field":"id","time":"yesterday"}'),
      goUrlSafe('{"id":1,"queue":"q","sort_field":"id","time":"0001-01-01T00:00:00Z"}'),
    ];
    for (const text of bad) {
      expect(() => decodeJobCursor(text, "params.cursor")).toThrow(InvalidArgumentError);
      expect(() => decodeJobCursor(text, "params.cursor")).toThrow(/^params\.cursor:/);
    }
  });
});
