#!/usr/bin/env node
// Makes the mock's clips with ffmpeg (Debian's: `apt-get install ffmpeg`), one per aspect ratio the
// spec lists, into src/mock/assets/videos/, and removes the clips of ratios it no longer lists. Run it
// by hand after the spec's ratios change, then `npm run generate`, and commit both: the generate step
// only embeds these files, so it needs no ffmpeg.
//
//   node scripts/mock-videos.mjs
//
// Each clip is one H.264 Constrained Baseline frame (every browser decodes it) of a solid colour with
// its ratio written on it, the index before the media, no edit list and no metadata: a few KB, the same
// bytes on every run of the same ffmpeg. The mock stretches the frame to the seconds a task asks for.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { clipFile, frameSize, specAspectRatios, VIDEOS_DIR } from "./lib/mock-videos.mjs";

const FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
const COLOUR = "0x3b3b98";

const doc = JSON.parse(readFileSync(new URL("../generated/openapi.json", import.meta.url), "utf8"));
const dir = VIDEOS_DIR.pathname;
mkdirSync(dir, { recursive: true });
const ratios = specAspectRatios(doc);
let hasFont = true;
try {
  statSync(FONT);
} catch {
  hasFont = false;
  console.warn(`no ${FONT} (apt-get install fonts-dejavu-core): the clips carry no text`);
}

for (const ratio of ratios) {
  const { width, height } = frameSize(ratio);
  const size = Math.round(Math.min(width, height) / 4);
  const text = `drawtext=fontfile=${FONT}:text='${ratio.replace(":", "\\:")}':fontcolor=white:fontsize=${size}:x=(w-text_w)/2:y=(h-text_h)/2`;
  const out = join(dir, clipFile(ratio));
  // prettier-ignore
  execFileSync("ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-y",
    "-f", "lavfi", "-i", `color=c=${COLOUR}:s=${width}x${height}:r=1:d=1`,
    ...(hasFont ? ["-vf", text] : []),
    "-frames:v", "1", "-an",
    "-c:v", "libx264", "-profile:v", "baseline", "-level", "3.0", "-pix_fmt", "yuv420p",
    "-preset", "veryslow", "-tune", "stillimage", "-crf", "30",
    "-video_track_timescale", "1000", "-use_editlist", "0", "-movflags", "+faststart",
    "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
    out,
  ], { stdio: ["ignore", "inherit", "inherit"] });
  console.log(`✔ ${clipFile(ratio)} ${width}x${height} (${statSync(out).size} bytes)`);
}
for (const name of readdirSync(dir))
  if (name.endsWith(".mp4") && !ratios.some((ratio) => clipFile(ratio) === name)) {
    rmSync(join(dir, name));
    console.log(`✔ ${name} removed: the spec no longer lists its ratio`);
  }
console.log("now run `npm run generate` to embed them");
