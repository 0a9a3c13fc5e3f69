// The one http(s) URL check.
import { describe, expect, it } from "vitest";
import { httpUrl, NOT_HTTP_URL } from "../../src/client/url.js";

describe("httpUrl", () => {
  it("gives the URL of an absolute http: or https: URL", () => {
    expect(httpUrl("https://api.novita.ai")).toEqual(new URL("https://api.novita.ai"));
    expect(String(httpUrl("HTTP://127.0.0.1:4010/x"))).toBe("http://127.0.0.1:4010/x");
  });

  it("gives the reason for anything else", () => {
    for (const text of ["ftp://x", "file:///etc/passwd", "javascript:alert(1)", "data:,x", "/v3", "", "api.novita.ai"])
      expect(httpUrl(text), text).toBe(NOT_HTTP_URL);
  });
});
