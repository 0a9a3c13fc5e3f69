// Polling efficiency in simulated time: how many task-result requests a wait spends, and how late
// it learns that the task ended, for tasks of 10 to 300 s whose `eta` is honest, noisy (±50 %) or
// absent; next to fixed-interval polling every 0.5 s and every 6 s. The clock is injected, so a
// 300 s task takes microseconds.

const DURATIONS_S = [10, 30, 60, 120, 300];
const MODES = ["honest", "noisy", "none"];
const TRIALS = 101;

/** A deterministic random sequence (mulberry32), so every run prints the same figures. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function simulate(createViduClient, durationMs, mode, rand) {
  let now = 0;
  let requests = 0;
  const clock = { now: () => now, sleep: async (ms) => void (now += ms) };
  const fetch = async () => {
    requests++;
    const done = now >= durationMs;
    const left = Math.max(0, durationMs - now) / 1000;
    const eta = mode === "none" ? undefined : mode === "honest" ? left : left * (0.5 + rand());
    const task = done
      ? { task_id: "t", status: "TASK_STATUS_SUCCEED", progress_percent: 100 }
      : { task_id: "t", status: "TASK_STATUS_PROCESSING", progress_percent: (100 * now) / durationMs, eta };
    return new Response(JSON.stringify({ task, videos: [] }), { headers: { "content-type": "application/json" } });
  };
  const vidu = createViduClient({ apiKey: "k", fetch, clock });
  await vidu.wait("t", { timeoutMs: 3_600_000 });
  return { requests, lateMs: now - durationMs };
}

function fixed(intervalMs, durationMs) {
  const polls = Math.floor(durationMs / intervalMs) + 1 + (durationMs % intervalMs === 0 ? 0 : 1);
  const knownAt = Math.ceil(durationMs / intervalMs) * intervalMs;
  return { requests: polls, lateMs: knownAt - durationMs };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function pollingEfficiency(createViduClient) {
  const rows = [];
  for (const mode of MODES) {
    for (const seconds of DURATIONS_S) {
      const durationMs = seconds * 1000;
      const rand = random(seconds * 7919 + mode.length);
      const runs = [];
      for (let i = 0; i < (mode === "noisy" ? TRIALS : 1); i++)
        runs.push(await simulate(createViduClient, durationMs, mode, rand));
      rows.push({
        mode,
        seconds,
        requests: median(runs.map((r) => r.requests)),
        maxRequests: Math.max(...runs.map((r) => r.requests)),
        lateMs: median(runs.map((r) => r.lateMs)),
        fixed500: fixed(500, durationMs),
        fixed6000: fixed(6000, durationMs),
      });
    }
  }
  return rows;
}

/** Checks each row against the targets; returns the failures. */
export function pollingVerdicts(rows) {
  const targets = {
    honest: { requests: 12, late: () => 1000 },
    noisy: { requests: 20, late: (s) => s * 100 },
    none: { requests: 30, late: (s) => s * 200 },
  };
  return rows.map((row) => {
    const target = targets[row.mode];
    const ok = row.maxRequests <= target.requests && row.lateMs < target.late(row.seconds);
    const tenfold = row.seconds < 60 || row.mode === "none" || row.fixed500.requests / row.requests >= 10;
    return { ...row, ok: ok && tenfold, target };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { loadClient } = await import("./load-client.mjs");
  const { createViduClient } = await loadClient();
  const rows = pollingVerdicts(await pollingEfficiency(createViduClient));
  console.log("eta     task   requests (max)   late     | every 0.5 s: requests  late | every 6 s: requests  late");
  for (const r of rows) {
    console.log(
      `${r.ok ? "✔" : "✘"} ${r.mode.padEnd(6)} ${String(r.seconds).padStart(4)} s ${String(r.requests).padStart(6)} (${String(r.maxRequests).padStart(3)}) ${(r.lateMs / 1000).toFixed(2).padStart(7)} s | ${String(r.fixed500.requests).padStart(8)} ${(r.fixed500.lateMs / 1000).toFixed(2).padStart(6)} s | ${String(r.fixed6000.requests).padStart(8)} ${(r.fixed6000.lateMs / 1000).toFixed(2).padStart(6)} s`,
    );
  }
}
