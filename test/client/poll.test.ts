// The poll delay: follows an eta when there is one, backs off when there is none.
import { describe, expect, it } from "vitest";
import { nextPollDelay } from "../../src/client/poll.js";

describe("nextPollDelay", () => {
  it("sleeps most of a long eta, so an eta off by up to 50 % never overshoots", () => {
    const delay = nextPollDelay(0, 40, false);
    expect(delay).toBeLessThan(40_000 / 1.5);
    expect(delay).toBeGreaterThan(20_000);
  });

  it("polls just after a short eta", () => {
    expect(nextPollDelay(10_000, 1, false)).toBe(1250);
  });

  it("polls at least every minute, whatever the eta", () => {
    expect(nextPollDelay(0, 3600, false)).toBe(60_000);
  });

  it("without an eta, backs off with the time elapsed, between 1 and 30 s", () => {
    const delays = [0, 4_000, 20_000, 60_000, 600_000].map((elapsedMs) => nextPollDelay(elapsedMs, undefined, false));
    expect(delays).toEqual([1000, 1000, 4000, 12_000, 30_000]);
    expect(nextPollDelay(20_000, 0, false)).toBe(4000);
  });

  it("stops trusting an eta that has already passed", () => {
    expect(nextPollDelay(120_000, 1, true)).toBe(24_000);
    expect(nextPollDelay(120_000, 1, false)).toBe(1250);
  });
});
