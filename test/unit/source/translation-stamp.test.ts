import { describe, expect, it } from 'vitest';
import { translationStamp, withTranslationStamp } from '../../../src/source/translation-stamp.js';

const STAMP = `sha256:${'a'.repeat(64)}`;

describe('translationStamp', () => {
  it('covers the title and the body, with line endings normalised', () => {
    const stamp = translationStamp('Purpose', 'Text.\n');
    expect(stamp).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(translationStamp('Purpose', 'Text.\r\n')).toBe(stamp);
    expect(translationStamp('Purpose and scope', 'Text.\n')).not.toBe(stamp);
    expect(translationStamp('Purpose', 'Text!\n')).not.toBe(stamp);
  });
});

describe('withTranslationStamp', () => {
  it('adds the stamp after translationOf and changes nothing else', () => {
    const text = '---\nid: a\ntitle: A\nlang: sv\ntranslationOf: en\n---\nText.\n';
    expect(withTranslationStamp(text, STAMP)).toBe(`---\nid: a\ntitle: A\nlang: sv\ntranslationOf: en\ntranslates: ${STAMP}\n---\nText.\n`);
  });

  it('replaces an existing stamp in place, keeping CRLF line endings and a byte-order mark', () => {
    const text = `\uFEFF---\r\nid: a\r\ntranslates: sha256:${'b'.repeat(64)}\r\ntranslationOf: en\r\n---\r\nText.\r\n`;
    expect(withTranslationStamp(text, STAMP)).toBe(`\uFEFF---\r\nid: a\r\ntranslates: ${STAMP}\r\ntranslationOf: en\r\n---\r\nText.\r\n`);
  });

  it('leaves a stamp in the body alone and refuses a file without front matter', () => {
    const text = '---\nid: a\n---\ntranslates: not front matter\n';
    expect(withTranslationStamp(text, STAMP)).toBe(`---\nid: a\ntranslates: ${STAMP}\n---\ntranslates: not front matter\n`);
    expect(withTranslationStamp('Text only\n', STAMP)).toBeUndefined();
    expect(withTranslationStamp('---\nid: a\n', STAMP)).toBeUndefined();
  });
});
