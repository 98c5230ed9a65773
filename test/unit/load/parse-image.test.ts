import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, parseImage } from '../../../src/load/parse-image.js';
import { makeProject, removeProject, REPO_ROOT } from '../../support/project.js';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array, damageCrc = false): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE((crc(body) ^ (damageCrc ? 1 : 0)) >>> 0);
  return Buffer.concat([head, body, tail]);
}
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
function png(width: number, height: number, { depth = 8, colour = 2, pixels }: { depth?: number; colour?: number; pixels?: Uint8Array } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = colour;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colour] ?? 3;
  const raw = pixels ?? Buffer.alloc(height * (1 + Math.ceil((width * depth * channels) / 8)));
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}
/** A structurally complete baseline JPEG (SOI, DQT, SOF0, DHT, SOS, scan data, EOI); its scan is not decodable, which no check here needs. */
function jpeg(width: number, height: number): Buffer {
  const segment = (marker: number, data: number[]): number[] => [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data];
  return Buffer.from([
    0xff, 0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
    ...segment(0xdb, [0x00, ...Array<number>(64).fill(1)]),
    ...segment(0xc0, [0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00]),
    ...segment(0xc4, [0x00, 1, ...Array<number>(15).fill(0), 0x00]),
    ...segment(0xda, [0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]),
    0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56,
    0xff, 0xd9,
  ]);
}

describe('parseImage', () => {
  it('reads the example logo and hand-made PNGs and JPEGs of every colour type', () => {
    expect(parseImage(readFileSync(path.join(REPO_ROOT, 'examples/kestrel/logo.png')))).toEqual({ type: 'png', width: 750, height: 188 });
    expect(parseImage(png(4, 2))).toEqual({ type: 'png', width: 4, height: 2 });
    expect(parseImage(png(3, 3, { depth: 1, colour: 0 }))).toEqual({ type: 'png', width: 3, height: 3 });
    expect(parseImage(png(5, 1, { depth: 16, colour: 6 }))).toEqual({ type: 'png', width: 5, height: 1 });
    expect(parseImage(jpeg(150, 50))).toEqual({ type: 'jpeg', width: 150, height: 50 });
  });

  it('refuses a damaged CRC, truncated data, a wrong data size, an unknown filter, a bad depth and a missing palette', () => {
    const good = png(4, 2);
    const detail = (bytes: Uint8Array): string => {
      const result = parseImage(bytes);
      return 'problem' in result ? `${result.problem}: ${result.detail}` : 'ok';
    };
    const flipped = Buffer.from(good);
    flipped[45]! ^= 0xff;
    expect(detail(flipped)).toMatch(/^damaged: .*checksum \(CRC\)/);
    expect(detail(good.subarray(0, good.length - 5))).toMatch(/^damaged: ends in the middle of a chunk/);
    expect(detail(png(4, 2, { pixels: Buffer.alloc(20) }))).toMatch(/^damaged: has 20 bytes of pixel data where its header promises 26/);
    expect(detail(png(4, 2, { pixels: Buffer.alloc(26, 7) }))).toMatch(/^damaged: has an unknown row filter type 7/);
    expect(detail(png(4, 2, { depth: 4, colour: 2 }))).toMatch(/^damaged: has colour type 2 with bit depth 4/);
    expect(detail(png(4, 2, { colour: 3 }))).toMatch(/^damaged: uses a palette but has no PLTE chunk/);
    expect(detail(png(0, 2))).toMatch(/^damaged: has a width or height of zero/);
    expect(detail(png(100000, 100000, { pixels: Buffer.alloc(1) }))).toMatch(/^too-large: is 100000 × 100000 pixels/);
    expect(detail(png(2048, 2048, { depth: 16, colour: 6, pixels: Buffer.alloc(1) }))).toMatch(/^too-large: .* 32 MiB once decoded/);
    expect(detail(Buffer.concat([good, Buffer.from('x')]))).toMatch(/^damaged: has data after its IEND chunk/);
  });

  it('refuses a JPEG without a scan, with a zero size, a lossless frame or a segment that runs past the end', () => {
    const good = jpeg(150, 50);
    const problem = (bytes: Uint8Array): string => {
      const result = parseImage(bytes);
      return 'problem' in result ? result.detail : 'ok';
    };
    expect(problem(jpeg(0, 50))).toMatch(/width or height of zero/);
    expect(problem(Buffer.concat([good.subarray(0, 20), Buffer.from([0xff, 0xd9])]))).toMatch(/no frame header or scan/);
    const lossless = Buffer.from(good);
    lossless[lossless.indexOf(Buffer.from([0xff, 0xc0])) + 1] = 0xc3;
    expect(problem(lossless)).toMatch(/lossless, hierarchical or arithmetic-coded/);
    expect(problem(good.subarray(0, 30))).toMatch(/runs past the end|ends/);
    expect(problem(good.subarray(0, good.length - 2))).toMatch(/ends before its end-of-image marker/);
  });
});

/** Damage done to a valid image by the property tests. */
const damage = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('marker' as const), at: fc.nat(), marker: fc.integer({ min: 0, max: 255 }), length: fc.integer({ min: 0, max: 0xffff }) }),
);
type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;
function applyDamage(bytes: Buffer, change: Damage): Buffer {
  const at = change.at % (bytes.length + 1);
  switch (change.kind) {
    case 'truncate':
      return bytes.subarray(0, at);
    case 'flip': {
      const copy = Buffer.from(bytes);
      if (at < copy.length) copy[at] = change.value;
      return copy;
    }
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), change.bytes, bytes.subarray(at)]);
    case 'marker':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, change.marker, change.length >> 8, change.length & 0xff]), bytes.subarray(at)]);
  }
}
const dimension = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0, 1, MAX_IMAGE_SIDE, MAX_IMAGE_SIDE + 1, 0x7fffffff, 0xffffffff));
/** A PNG header claiming any size, with a correct CRC, over a little pixel data. */
const claimedPng = fc.record({ width: dimension, height: dimension, depth: fc.constantFrom(1, 2, 4, 8, 16, 3), colour: fc.constantFrom(0, 2, 3, 4, 6, 5) }).map(({ width, height, depth, colour }) => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = colour;
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', new Uint8Array(0))]);
});
const image = fc.oneof(
  claimedPng,
  fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 })).map(([w, h]) => png(w, h)),
  fc.tuple(dimension, dimension).map(([w, h]) => jpeg(w & 0xffff, h & 0xffff)),
);
const damaged = fc.tuple(image, fc.array(damage, { maxLength: 3 }), fc.boolean()).map(([bytes, changes, badCrc]) => {
  const out = changes.reduce(applyDamage, bytes);
  if (badCrc && out.length > 40) out[32]! ^= 1;
  return out;
});

describe('parseImage on damaged and hostile headers (property-based)', () => {
  it('always answers, quickly, within the limits, and never accepts what it cannot embed', () => {
    let slowest = 0;
    let accepted = 0;
    fc.assert(
      fc.property(damaged, (bytes) => {
        const started = performance.now();
        const result = parseImage(bytes);
        slowest = Math.max(slowest, performance.now() - started);
        if ('problem' in result) return;
        accepted += 1;
        expect(result.width).toBeGreaterThan(0);
        expect(result.height).toBeGreaterThan(0);
        expect(result.width * result.height).toBeLessThanOrEqual(MAX_IMAGE_PIXELS);
      }),
      { numRuns: Number(process.env.POLICYMARK_FUZZ_RUNS ?? 3000), seed: Number(process.env.POLICYMARK_FUZZ_SEED ?? 20261201) },
    );
    console.log(`image header fuzz: slowest case ${slowest.toFixed(1)} ms, ${accepted} accepted, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
    expect(slowest).toBeLessThan(5000);
    expect(process.memoryUsage().rss).toBeLessThan(300 * 1048576);
  }, 120_000);

  const projects: string[] = [];
  afterAll(() => projects.forEach(removeProject));
  const BIN = path.join(REPO_ROOT, 'bin', 'policymark.js');

  it('the real CLI builds or refuses a sample of them with exit 0 or 1, under 5 s of CPU and 300 MB each', async () => {
    // The costliest image accepted comes first: the largest PNG with transparency, which the PDF renderer decodes.
    const samples = [png(2048, 2048, { colour: 6 }), ...fc.sample(fc.oneof(damaged, image), { numRuns: Number(process.env.POLICYMARK_CLI_FUZZ_RUNS ?? 8), seed: 20261201 })];
    const report: string[] = [];
    for (const [index, bytes] of samples.entries()) {
      const dir = makeProject();
      projects.push(dir);
      const logo = bytes[0] === 0xff ? 'logo.jpg' : 'logo.png';
      writeFileSync(path.join(dir, logo), bytes);
      const org = path.join(dir, 'organisation.yaml');
      writeFileSync(org, `${readFileSync(org, 'utf8')}branding:\n  logo: ${logo}\n`);
      const rssFile = path.join(dir, 'rss.txt');
      const started = Date.now();
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['-r', path.join(REPO_ROOT, 'test/support/report-usage.cjs'), BIN, 'build', '--library', '.', '--out', 'out'], {
          cwd: dir,
          env: { ...process.env, NO_COLOR: '1', POLICYMARK_RSS_FILE: rssFile },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stderr });
        });
      });
      const wallMs = Date.now() - started;
      const [rssKiB, cpuMs] = readFileSync(rssFile, 'utf8').split(' ').map(Number) as [number, number];
      const rssMiB = rssKiB / 1024;
      report.push(`#${index} exit ${run.code} ${cpuMs} ms CPU (${wallMs} ms wall) ${rssMiB.toFixed(0)} MiB`);
      expect([0, 1], run.stderr).toContain(run.code);
      expect(run.stderr).not.toContain('failed unexpectedly');
      // CPU time, not the wall clock: on a loaded machine a whole build can take longer than 5 s to be scheduled.
      expect(cpuMs).toBeLessThan(5000);
      expect(rssMiB).toBeLessThan(300);
    }
    console.log(`image header fuzz through the CLI: ${report.join('; ')}`);
  }, 180_000);
});
