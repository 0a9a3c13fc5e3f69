// When to ask for the task result next. Each poll counts against Novita's per-minute rate limit,
// and every second between the task ending and the next poll is a second the user waits for
// nothing, so the delay follows the server's `eta` when it has one and backs off otherwise.

/** Poll no sooner than this. */
const MIN_DELAY_MS = 500;
/** Without a trusted `eta`, poll at least this often. */
const MAX_DELAY_MS = 30_000;
/** Even with an `eta`, poll at least this often: estimates of long tasks drift. */
const MAX_ETA_DELAY_MS = 60_000;
/** Sleep this share of `eta`: with an `eta` off by up to ±50 %, 0.65 × 1.5 < 1 never overshoots the end. */
const ETA_SHARE = 0.65;
/** Once `eta` is within reach, poll just after it. */
const ETA_MARGIN_MS = 250;
/** Without a usable `eta`, wait this share of the time elapsed so far: at most 20 % late. */
const ELAPSED_SHARE = 0.2;

/**
 * The delay before the next poll, in ms. Its arguments are positional: an object of them would ship
 * its property names twice in every browser bundle.
 * @param elapsedMs time since the wait began
 * @param eta the server's estimate of seconds left, if it gave one
 * @param etaMissed whether an earlier `eta` already passed without the task ending: it is not to be trusted
 */
export function nextPollDelay(elapsedMs: number, eta: number | undefined, etaMissed: boolean): number {
  const backoff = Math.min(MAX_DELAY_MS, Math.max(1000, elapsedMs * ELAPSED_SHARE));
  if (eta === undefined || !(eta > 0)) return backoff;
  const etaMs = eta * 1000;
  const byEta = etaMs * ETA_SHARE > 2 * MIN_DELAY_MS ? etaMs * ETA_SHARE : etaMs + ETA_MARGIN_MS;
  if (etaMissed) return Math.min(MAX_DELAY_MS, Math.max(byEta, backoff));
  return Math.min(MAX_ETA_DELAY_MS, Math.max(MIN_DELAY_MS, byEta));
}
