// How many request bodies per second the generated validators check, valid and invalid.
import { validateRequestBody } from "../../generated/validators.js";

const PATH = "/v3/async/vidu-q2-turbo-img2video";
const VALID = {
  images: ["https://example.com/a.png"],
  prompt: "The cat yawns.",
  duration: 5,
  resolution: "1080p",
  audio: true,
  seed: 42,
};
const INVALID = {
  images: ["./a.png"],
  prompt: 5,
  duration: 11,
  resolution: "4k",
  audio: true,
  off_peak: true,
  colour: "red",
};

function rate(body, ms = 1000) {
  let count = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) validateRequestBody(PATH, body);
    count += 1000;
  }
  return count / (ms / 1000);
}

export function validationRate() {
  rate(VALID, 200); // warm up
  return { valid: rate(VALID), invalid: rate(INVALID) };
}

// Strings that keep a backtracking URL or data-URI pattern busy until it fails at the last character
// (issue 13, defect 7: 0.8 s for 30 000 characters, before the patterns were made linear).
const LONG = 100_000;
const ATTACKS = {
  "http URL + space": `http://${"a".repeat(LONG)} `,
  "data URI + bad char": `data:image/png;base64,${"A".repeat(LONG)}!`,
};

/** The slowest validation, in ms (median of 5), of a body whose image or watermark URL is a 100 KB attack string. */
export function longStringTimes() {
  const times = {};
  for (const [name, attack] of Object.entries(ATTACKS)) {
    for (const body of [
      { ...VALID, images: [attack] },
      { ...VALID, wm_url: attack },
    ]) {
      const runs = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        validateRequestBody(PATH, body);
        runs.push(performance.now() - start);
      }
      const median = runs.sort((a, b) => a - b)[2];
      times[name] = Math.max(times[name] ?? 0, median);
    }
  }
  return times;
}
