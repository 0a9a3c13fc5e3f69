// The longest delay a timer holds, written once for the runtime and the scripts alike (plain
// JavaScript, so Node loads it as it is): setTimeout fires a longer one at once.

/** The longest delay setTimeout takes, in ms; a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
