import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { compilePackageFiles, DOCX_VERSION } from '../../../../src/render/docx/docx-internals.js';
import { REPO_ROOT } from '../../../support/project.js';

function sampleDocument(): Document {
  return new Document({ creator: 'policymark', sections: [{ children: [new Paragraph({ children: [new TextRun('Å ä ö & <tags>')] })] }] });
}

describe('docx internals', () => {
  it('is written for the docx version installed and pinned', () => {
    const installed = JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules/docx/package.json'), 'utf8')) as { version: string };
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(installed.version).toBe(DOCX_VERSION);
    expect(manifest.dependencies['docx']).toBe(DOCX_VERSION);
  });

  it("takes the package's files from docx's compiler, the same files the public zip holds", async () => {
    const files = compilePackageFiles(sampleDocument());
    const zipped = unzipSync(new Uint8Array(await Packer.toArrayBuffer(sampleDocument())));
    expect(Object.keys(files)).toEqual(Object.keys(zipped));
    expect(typeof files['word/document.xml']).toBe('string');
    for (const [name, data] of Object.entries(files)) {
      // docProps/core.xml carries docx's clock, which differs between the two calls.
      if (name === 'docProps/core.xml') continue;
      expect(typeof data === 'string' ? data : [...data], name).toEqual(typeof data === 'string' ? strFromU8(zipped[name]!) : [...zipped[name]!]);
    }
    expect(files['word/document.xml']).toContain('Å ä ö &amp; &lt;tags&gt;');
  });

  it('throws, naming docx and its version, when the compiler is gone: no silent slow path', () => {
    const compiler: unknown = Reflect.get(Packer, 'compiler');
    Reflect.set(Packer, 'compiler', undefined);
    try {
      expect(() => compilePackageFiles(sampleDocument())).toThrow(`docx ${DOCX_VERSION}`);
    } finally {
      Reflect.set(Packer, 'compiler', compiler);
    }
    expect(Reflect.get(Packer, 'compiler')).toBe(compiler);
  });
});
