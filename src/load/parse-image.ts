import { inflateSync } from 'node:zlib';

/** Largest pixel count accepted: what a renderer may have to decode stays far below the memory a build has. */
export const MAX_IMAGE_PIXELS = 2048 * 2048;

/**
 * Largest PNG pixel data accepted, decoded (without filter bytes): the PDF renderer decodes a PNG with
 * transparency in memory, several copies at once, and a build must stay well within 300 MB.
 */
export const MAX_PNG_DECODED_BYTES = 16 * 1024 * 1024;

/** Largest width or height accepted, whatever the pixel count. */
export const MAX_IMAGE_SIDE = 8192;

/** What an image's bytes were found to be: its type and pixel size. */
export interface ImageInfo {
  readonly type: 'png' | 'jpeg';
  readonly width: number;
  readonly height: number;
}

/**
 * Why an image was refused: `unsupported` (not a PNG or JPEG at all), `damaged` (a PNG or JPEG whose
 * structure is broken or that no renderer can embed) or `too-large` (too many pixels). `detail` says what
 * was found, in a sentence fragment fit for a diagnostic message.
 */
export interface ImageProblem {
  readonly problem: 'unsupported' | 'damaged' | 'too-large';
  readonly detail: string;
}

/**
 * Parses a PNG or JPEG completely enough that what passes here can be embedded: for a PNG every chunk's
 * length and CRC, the IHDR fields, the palette, and the compressed pixel data inflated
 * to exactly the size the header promises; for a JPEG every marker segment up to the end of the image,
 * a supported frame header, Huffman and quantisation tables and a scan. Pure: bytes in, verdict out.
 */
export function parseImage(bytes: Uint8Array): ImageInfo | ImageProblem {
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return parsePng(bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return parseJpeg(bytes);
  return { problem: 'unsupported', detail: 'is not a PNG or JPEG image' };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** Bit depths allowed per PNG colour type (PNG specification, table 11.1). */
const PNG_DEPTHS: Readonly<Record<number, readonly number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const PNG_CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

const damaged = (detail: string): ImageProblem => ({ problem: 'damaged', detail });

function sizeProblem(width: number, height: number): ImageProblem | undefined {
  if (width === 0 || height === 0) return damaged(`has a width or height of zero (${width} × ${height} pixels)`);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    return { problem: 'too-large', detail: `is ${width} × ${height} pixels; at most ${MAX_IMAGE_PIXELS / 1048576} megapixels (and ${MAX_IMAGE_SIDE} pixels a side) are accepted` };
  }
  return undefined;
}

function parsePng(bytes: Uint8Array): ImageInfo | ImageProblem {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlaced: boolean } | undefined;
  let paletteEntries = 0;
  const pixelData: Uint8Array[] = [];
  let idatSeen = false;
  let idatEnded = false;
  while (true) {
    if (offset + 12 > bytes.length) return damaged(`ends in the middle of a chunk at byte ${offset} (no IEND chunk)`);
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) return damaged(`has a chunk with an invalid type at byte ${offset}`);
    if (length > 0x7fffffff || offset + 12 + length > bytes.length) return damaged(`has a chunk "${type}" at byte ${offset} that runs past the end of the file`);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) return damaged(`has a chunk "${type}" at byte ${offset} whose checksum (CRC) does not match its content`);
    offset += 12 + length;
    if (!header) {
      if (type !== 'IHDR' || length !== 13) return damaged('does not start with a valid IHDR header chunk');
      const width = view.getUint32(16);
      const height = view.getUint32(20);
      const [depth, colour, compression, filter, interlace] = [data[8]!, data[9]!, data[10]!, data[11]!, data[12]!];
      if (!PNG_DEPTHS[colour]?.includes(depth)) return damaged(`has colour type ${colour} with bit depth ${depth}, which PNG does not define`);
      if (compression !== 0 || filter !== 0 || interlace > 1) return damaged('has an unknown compression, filter or interlace method');
      const tooBig = width > 0x7fffffff || height > 0x7fffffff ? damaged('has a width or height beyond what PNG allows') : sizeProblem(width, height);
      if (tooBig) return tooBig;
      header = { width, height, depth, colour, interlaced: interlace === 1 };
      const decoded = Math.ceil((width * depth * PNG_CHANNELS[colour]!) / 8) * height;
      if (decoded > MAX_PNG_DECODED_BYTES) {
        return { problem: 'too-large', detail: `is ${width} × ${height} pixels of ${depth * PNG_CHANNELS[colour]!} bits, ${(decoded / 1048576).toFixed(0)} MiB once decoded; at most ${MAX_PNG_DECODED_BYTES / 1048576} MiB is accepted` };
      }
      continue;
    }
    if (type === 'IHDR') return damaged('has a second IHDR chunk');
    if (type === 'PLTE') {
      if (idatSeen || length === 0 || length % 3 !== 0 || length / 3 > 2 ** Math.min(header.depth, 8)) return damaged('has an invalid palette (PLTE chunk)');
      paletteEntries = length / 3;
    } else if (type === 'IDAT') {
      if (idatEnded) return damaged('has its pixel data (IDAT chunks) split by other chunks');
      if (header.colour === 3 && paletteEntries === 0) return damaged('uses a palette but has no PLTE chunk');
      idatSeen = true;
      pixelData.push(data);
    } else if (type === 'IEND') {
      if (!idatSeen) return damaged('has no pixel data (IDAT chunk)');
      const problem = checkPixelData(pixelData, rowLayout(header));
      if (problem) return damaged(problem);
      if (offset !== bytes.length) return damaged('has data after its IEND chunk');
      return { type: 'png', width: header.width, height: header.height };
    } else {
      if (idatSeen) idatEnded = true;
      // An unknown chunk the decoder must understand (upper-case first letter) cannot be ignored safely.
      if (/^[A-Z]/.test(type) && !['tRNS', 'cHRM', 'gAMA', 'iCCP', 'sBIT', 'sRGB', 'cICP', 'mDCv', 'cLLi', 'eXIf'].includes(type)) {
        return damaged(`has a critical chunk ${type} that no PNG decoder is required to know`);
      }
    }
  }
}

/** The filtered rows of a PNG's pixel data: per interlace pass, how many rows of how many bytes (filter byte included). */
function rowLayout(header: { width: number; height: number; depth: number; colour: number; interlaced: boolean }): { rows: number; bytes: number }[] {
  const bitsPerPixel = header.depth * PNG_CHANNELS[header.colour]!;
  const row = (width: number): number => 1 + Math.ceil((width * bitsPerPixel) / 8);
  if (!header.interlaced) return [{ rows: header.height, bytes: row(header.width) }];
  // Adam7: [x start, y start, x step, y step] per pass.
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;
  return passes
    .map(([x, y, dx, dy]) => ({ width: Math.ceil((header.width - x) / dx), rows: Math.ceil((header.height - y) / dy) }))
    .filter((pass) => pass.width > 0 && pass.rows > 0)
    .map((pass) => ({ rows: pass.rows, bytes: row(pass.width) }));
}

/**
 * Inflates a PNG's pixel data, allowing one byte more than the header promises (so a bomb stops there),
 * and checks its size and each row's filter byte.
 */
function checkPixelData(compressed: readonly Uint8Array[], layout: readonly { rows: number; bytes: number }[]): string | undefined {
  const expected = layout.reduce((sum, pass) => sum + pass.rows * pass.bytes, 0);
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(compressed), { maxOutputLength: expected + 1 });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `has more pixel data than its header promises (${expected} bytes)` : 'has damaged compressed pixel data';
  }
  if (pixels.length !== expected) return `has ${pixels.length} bytes of pixel data where its header promises ${expected}`;
  let at = 0;
  for (const pass of layout) {
    for (let row = 0; row < pass.rows; row++, at += pass.bytes) {
      if (pixels[at]! > 4) return `has an unknown row filter type ${pixels[at]} in its pixel data`;
    }
  }
  return undefined;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Frame types that PDF's DCTDecode and Word both display: baseline, extended sequential, progressive. */
const SUPPORTED_FRAMES = new Set([0xc0, 0xc1, 0xc2]);

function parseJpeg(bytes: Uint8Array): ImageInfo | ImageProblem {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  let frame: { width: number; height: number; components: Set<number> } | undefined;
  let huffman = false;
  let quantisation = false;
  let scans = 0;
  while (true) {
    if (offset + 2 > bytes.length) return damaged('ends before its end-of-image marker');
    if (bytes[offset] !== 0xff) return damaged(`has bytes that are not a marker at byte ${offset}`);
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0xd9) {
      if (!frame || scans === 0) return damaged('ends before any image data (no frame header or scan)');
      if (!huffman || !quantisation) return damaged('has no Huffman or quantisation tables');
      return { type: 'jpeg', width: frame.width, height: frame.height };
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x00) return damaged(`has a misplaced marker 0xFF${hex(marker)} at byte ${offset}`);
    if (offset + 4 > bytes.length) return damaged(`ends inside the marker at byte ${offset}`);
    const length = view.getUint16(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return damaged(`has a segment at byte ${offset} whose length runs past the end of the file`);
    const segment = bytes.subarray(offset + 4, offset + 2 + length);
    const segmentView = new DataView(segment.buffer, segment.byteOffset, segment.byteLength);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (frame) return damaged('has more than one frame header');
      if (!SUPPORTED_FRAMES.has(marker)) return damaged(`is a lossless, hierarchical or arithmetic-coded JPEG (frame type 0xFF${hex(marker)}), which documents cannot show`);
      if (segment.length < 6) return damaged('has a frame header that is too short');
      const [precision, count] = [segment[0]!, segment[5]!];
      const height = segmentView.getUint16(1);
      const width = segmentView.getUint16(3);
      if (precision !== 8 && !(precision === 12 && marker !== 0xc0)) return damaged(`has a sample precision of ${precision} bits`);
      if (![1, 3, 4].includes(count) || segment.length !== 6 + 3 * count) return damaged(`has a frame header with ${count} colour components`);
      const components = new Set<number>();
      for (let i = 0; i < count; i++) {
        const [id, sampling, table] = [segment[6 + 3 * i]!, segment[7 + 3 * i]!, segment[8 + 3 * i]!];
        const [h, v] = [sampling >> 4, sampling & 15];
        if (h < 1 || h > 4 || v < 1 || v > 4 || table > 3 || components.has(id)) return damaged('has a frame header with invalid colour components');
        components.add(id);
      }
      const tooBig = sizeProblem(width, height);
      if (tooBig) return tooBig;
      frame = { width, height, components };
    } else if (marker === 0xc4) {
      huffman = true;
    } else if (marker === 0xdb) {
      quantisation = true;
    } else if (marker === 0xda) {
      if (!frame) return damaged('has a scan before its frame header');
      const count = segment[0] ?? 0;
      if (count < 1 || count > 4 || segment.length !== 4 + 2 * count) return damaged('has an invalid scan header');
      for (let i = 0; i < count; i++) if (!frame.components.has(segment[1 + 2 * i]!)) return damaged('has a scan of a colour component that its frame does not have');
      scans += 1;
      offset = skipEntropyCodedData(bytes, offset + 2 + length);
      continue;
    }
    offset += 2 + length;
  }
}

/** The offset of the first marker after a scan's entropy-coded data (0xFF00 is a stuffed byte, RSTn a restart). */
function skipEntropyCodedData(bytes: Uint8Array, from: number): number {
  let at = from;
  while (at + 1 < bytes.length) {
    if (bytes[at] === 0xff) {
      const next = bytes[at + 1]!;
      if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return at;
    }
    at += 1;
  }
  return bytes.length;
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
