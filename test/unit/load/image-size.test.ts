import { describe, expect, it } from 'vitest';
import { imageSize } from '../../../src/load/image-size.js';

describe('imageSize', () => {
  it('reads a JPEG size from its frame header, after an APP0 segment', () => {
    // SOI, an APP0 segment, then SOF0 with height 50 and width 150.
    const jpeg = Uint8Array.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
      0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x32, 0x00, 0x96, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9,
    ]);
    expect(imageSize(jpeg, 'jpeg')).toEqual({ width: 150, height: 50 });
  });

  it('reads a PNG size from IHDR and refuses a zero dimension or bytes that are not the image type', () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAAASFvFNAAAAFUlEQVR4nGMUn/eTgYGBgYGBiQEKAC0qAhK6oB7jAAAAAElFTkSuQmCC', 'base64');
    expect(imageSize(png, 'png')).toEqual({ width: 4, height: 2 });
    const zeroWide = Buffer.from(png);
    zeroWide.writeUInt32BE(0, 16);
    expect(imageSize(zeroWide, 'png')).toBeUndefined();
    expect(imageSize(Uint8Array.from([1, 2, 3]), 'png')).toBeUndefined();
    expect(imageSize(png, 'jpeg')).toBeUndefined();
  });
});
