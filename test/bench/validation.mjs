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
