import { crc32, deflateSync } from 'node:zlib';

/**
 * `favicon.ico`: the site icon (`SITE_ICON`, the SVG every page links to) drawn at 32×32 and stored
 * as one PNG image in an ICO container. Browsers and feed readers fetch `/favicon.ico` whether or
 * not a page names an icon, and many readers do not take SVG.
 *
 * Drawn from the SVG's geometry in code rather than checked in as a binary, so the two icons cannot
 * drift apart unseen and the bytes are the same on every render (the bucket skips unchanged bytes).
 */
export function renderFaviconIco(): Uint8Array {
  faviconIco ??= icoContaining(png(drawSiteIcon(ICON_SIZE), ICON_SIZE), ICON_SIZE);
  return faviconIco;
}

let faviconIco: Uint8Array | undefined;

const ICON_SIZE = 32;
/** Samples per pixel along each axis: 16 per pixel smooth the edges as a browser's rasteriser would. */
const SUPERSAMPLING = 4;
/** `#0b57d0`, the site's accent colour and the SVG's background. */
const ACCENT = [0x0b, 0x57, 0xd0] as const;
/** The glyph is white: 255 in every channel. */
const WHITE = 0xff;

/**
 * The SVG icon in its own 32-unit viewBox: a rounded square (`rx=6`) holding the feed glyph, a dot
 * (radius 2 about 7,22.95: the arc the path draws from 9,23) and two quarter rings centred at 7,25 (radii 7–10 and 13–16).
 */
function inBackground(x: number, y: number): boolean {
  const radius = 6;
  if (x < 0 || y < 0 || x > 32 || y > 32) return false;
  const cx = Math.min(Math.max(x, radius), 32 - radius);
  const cy = Math.min(Math.max(y, radius), 32 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function inGlyph(x: number, y: number): boolean {
  if ((x - 7) ** 2 + (y - 22.95) ** 2 <= 4) return true;
  const dx = x - 7;
  const dy = 25 - y;
  if (dx < 0 || dy < 0) return false;
  const distance = Math.hypot(dx, dy);
  return (distance >= 7 && distance <= 10) || (distance >= 13 && distance <= 16);
}

/** RGBA rows, top to bottom, with each pixel's coverage as alpha. */
function drawSiteIcon(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const unit = 32 / size;
  const samples = SUPERSAMPLING * SUPERSAMPLING;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      let background = 0;
      let glyph = 0;
      for (let sy = 0; sy < SUPERSAMPLING; sy++) {
        for (let sx = 0; sx < SUPERSAMPLING; sx++) {
          const x = (column + (sx + 0.5) / SUPERSAMPLING) * unit;
          const y = (row + (sy + 0.5) / SUPERSAMPLING) * unit;
          if (!inBackground(x, y)) continue;
          background++;
          if (inGlyph(x, y)) glyph++;
        }
      }
      const offset = (row * size + column) * 4;
      if (background === 0) continue;
      ACCENT.forEach((accent, channel) => {
        pixels[offset + channel] = Math.round((glyph * WHITE + (background - glyph) * accent) / background);
      });
      pixels[offset + 3] = Math.round((background / samples) * 255);
    }
  }
  return pixels;
}

/** A PNG of 8-bit RGBA pixels: signature, IHDR, one IDAT, IEND. */
function png(rgba: Uint8Array, size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // colour type: RGBA
  // compression, filter and interlace methods: 0
  const stride = size * 4;
  const scanlines = Buffer.alloc((stride + 1) * size);
  for (let row = 0; row < size; row++) {
    // Each scanline starts with its filter type; 0 (none) keeps the encoding obvious.
    scanlines.set(rgba.subarray(row * stride, (row + 1) * stride), row * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, checksum]);
}

/** An ICO file holding one PNG image: ICONDIR, one ICONDIRENTRY, the image. */
function icoContaining(image: Buffer, size: number): Uint8Array {
  const directory = Buffer.alloc(6 + 16);
  directory.writeUInt16LE(0, 0); // reserved
  directory.writeUInt16LE(1, 2); // type: icon
  directory.writeUInt16LE(1, 4); // one image
  directory.writeUInt8(size, 6); // width (0 would mean 256)
  directory.writeUInt8(size, 7); // height
  directory.writeUInt8(0, 8); // no palette
  directory.writeUInt8(0, 9); // reserved
  directory.writeUInt16LE(1, 10); // colour planes
  directory.writeUInt16LE(32, 12); // bits per pixel
  directory.writeUInt32LE(image.length, 14);
  directory.writeUInt32LE(directory.length, 18); // the image follows the directory
  return new Uint8Array(Buffer.concat([directory, image]));
}
