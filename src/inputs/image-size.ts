// Reads an image's pixel size from its PNG, JPEG or WebP header, looking at no more than its first
// HEAD_BYTES: the image-limit checks of ./image.ts (`x-min-image-pixels`, `x-aspect-ratio-range`) run
// on what the client holds before it is sent, and an image is never decoded.

/** How many leading bytes the header reader looks at: enough for PNG, WebP and most JPEG headers. */
export const HEAD_BYTES = 65536;

export interface PixelSize {
  width: number;
  height: number;
}

const size = (width: number, height: number): PixelSize | undefined =>
  width > 0 && height > 0 ? { width, height } : undefined;

/** A JPEG's size from its first SOFn segment; each step moves forward, so the walk ends within `b`. */
function jpegSize(b: Uint8Array, u16: (i: number) => number): PixelSize | undefined {
  for (let i = 2; i + 9 < b.length;) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) i += 1;
    else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) i += 2;
    else if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return size(u16(i + 7), u16(i + 5));
    else if (u16(i + 2) < 2) return undefined;
    else i += 2 + u16(i + 2);
  }
  return undefined;
}

/**
 * Width and height read from the header of a PNG, JPEG or WebP image in the first HEAD_BYTES of
 * `bytes`; undefined when no such header can be read there (a malformed or truncated header, a JPEG
 * whose size comes later, another format), and such an image is not checked.
 */
export function imageSize(bytes: Uint8Array): PixelSize | undefined {
  const b = bytes.subarray(0, HEAD_BYTES);
  const u16 = (i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  const le = (i: number, n: number) => b.subarray(i, i + n).reduceRight((a, x) => a * 256 + x, 0);
  const text = (i: number) => String.fromCharCode(...b.subarray(i, i + 4));
  if (b.length >= 24 && u16(0) === 0x8950 && text(12) === "IHDR")
    return size(u16(16) * 65536 + u16(18), u16(20) * 65536 + u16(22));
  if (u16(0) === 0xffd8) return jpegSize(b, u16);
  if (b.length >= 30 && text(0) === "RIFF" && text(8) === "WEBP") {
    const chunk = text(12);
    if (chunk === "VP8 " && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a)
      return size(le(26, 2) & 0x3fff, le(28, 2) & 0x3fff);
    if (chunk === "VP8L" && b[20] === 0x2f) {
      const bits = le(21, 4);
      return size((bits % 16384) + 1, (Math.floor(bits / 16384) % 16384) + 1);
    }
    if (chunk === "VP8X") return size(le(24, 3) + 1, le(27, 3) + 1);
  }
  return undefined;
}
