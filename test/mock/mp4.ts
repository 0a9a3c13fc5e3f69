// A small MP4 reader for the tests: what a player reads first from a file's header (the movie's
// duration, each track's size and the video codec's profile), written apart from the mock's own
// rewriter (src/mock/video.ts) so that the two check each other. Bounded: every box must fit inside
// its parent, the walk goes at most MAX_DEPTH deep and visits at most MAX_BOXES boxes.
const CONTAINERS = new Set(["moov", "trak", "mdia", "minf", "stbl", "edts", "dinf"]);
const MAX_DEPTH = 8;
const MAX_BOXES = 10_000;

export interface Box {
  type: string;
  /** Where its content starts (after its size and type) and where the box ends. */
  content: number;
  end: number;
  children: Box[];
}

export interface Mp4Header {
  /** The top-level boxes' types, in file order. */
  topLevel: string[];
  /** mvhd's duration over its timescale. */
  durationSeconds: number;
  /** Each track's presentation size (tkhd, 16.16 fixed point) and its media duration (mdhd). */
  tracks: { width: number; height: number; mediaSeconds: number }[];
  /** The avc1 sample entry's coded size, and avcC's profile and constraint flags, when there is one. */
  avc?: { width: number; height: number; profile: number; constraints: number };
  /** Frames of the first track (stsz's sample count). */
  frames: number;
}

/** The boxes of `bytes`, nested; throws on a box that does not fit. */
export function boxes(bytes: Uint8Array): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let visited = 0;
  const walk = (start: number, end: number, depth: number): Box[] => {
    const out: Box[] = [];
    for (let at = start; at < end;) {
      if (++visited > MAX_BOXES || depth > MAX_DEPTH) throw new Error("too many boxes, or nested too deep");
      if (at + 8 > end) throw new Error(`a truncated box header at ${at}`);
      let size = view.getUint32(at);
      let header = 8;
      if (size === 1) {
        if (at + 16 > end) throw new Error(`a truncated large box at ${at}`);
        size = Number(view.getBigUint64(at + 8));
        header = 16;
      } else if (size === 0) size = end - at;
      const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
      if (size < header || at + size > end) throw new Error(`${type} at ${at} has size ${size}, past ${end}`);
      const children = CONTAINERS.has(type) ? walk(at + header, at + size, depth + 1) : [];
      out.push({ type, content: at + header, end: at + size, children });
      at += size;
    }
    return out;
  };
  return walk(0, bytes.length, 0);
}

const child = (parent: Box[], type: string) => {
  const box = parent.find((b) => b.type === type);
  if (!box) throw new Error(`no ${type} box`);
  return box;
};

/** Reads the header of an MP4: duration, track sizes, codec profile. */
export function readMp4(bytes: Uint8Array): Mp4Header {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const top = boxes(bytes);
  const moov = child(top, "moov");
  /** A version 0 or 1 full box's timescale and duration, which follow its times. */
  const scaled = (box: Box) => {
    const v1 = bytes[box.content] === 1;
    const at = box.content + 4 + (v1 ? 16 : 8);
    return {
      timescale: view.getUint32(at),
      duration: v1 ? Number(view.getBigUint64(at + 4)) : view.getUint32(at + 4),
    };
  };
  const movie = scaled(child(moov.children, "mvhd"));
  const traks = moov.children.filter((b) => b.type === "trak");
  const tracks = traks.map((trak) => {
    const tkhd = child(trak.children, "tkhd");
    const size = tkhd.end - 8; // width and height, 16.16 fixed point, are tkhd's last 8 bytes
    const mdhd = scaled(child(child(trak.children, "mdia").children, "mdhd"));
    return {
      width: view.getUint32(size) / 65536,
      height: view.getUint32(size + 4) / 65536,
      mediaSeconds: mdhd.duration / mdhd.timescale,
    };
  });
  const stbl = child(child(child(traks[0]?.children ?? [], "mdia").children, "minf").children, "stbl");
  const stsd = child(stbl.children, "stsd");
  // stsd: version and flags, entry count, then the first sample entry (size and type).
  const entry = stsd.content + 8;
  let avc: Mp4Header["avc"];
  if (String.fromCharCode(...bytes.subarray(entry + 4, entry + 8)) === "avc1") {
    const fields = entry + 8; // 6 reserved bytes, data reference index, 16 bytes, then width and height
    const avcC = Buffer.from(bytes.subarray(fields, stsd.end)).indexOf("avcC", 0, "latin1");
    if (avcC < 0) throw new Error("no avcC");
    const config = fields + avcC + 4; // configuration version, then profile, constraint flags, level
    avc = {
      width: view.getUint16(fields + 24),
      height: view.getUint16(fields + 26),
      profile: bytes[config + 1]!,
      constraints: bytes[config + 2]!,
    };
  }
  const stsz = child(stbl.children, "stsz"); // version and flags, sample size, sample count
  return {
    topLevel: top.map((b) => b.type),
    durationSeconds: movie.duration / movie.timescale,
    tracks,
    ...(avc && { avc }),
    frames: view.getUint32(stsz.content + 8),
  };
}
