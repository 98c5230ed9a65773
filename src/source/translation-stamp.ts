import { sha256 } from './source-file.js';

/** The front-matter field of a translation that records which version of its source it translates. */
export const STAMP_FIELD = 'translates';

/**
 * The stamp of a module's translatable content: `sha256:` and the hex sha256 of its title, a line feed
 * and its body (everything after the closing `---` line), with line endings normalised to LF. Metadata
 * a translation does not repeat (kind, controls, conditions) is left out, so remapping a control does
 * not make every translation stale; a changed title or a changed word of the body does.
 */
export function translationStamp(title: string, body: string): string {
  return `sha256:${sha256(`${title}\n${body}`.replace(/\r\n?/g, '\n'))}`;
}

/**
 * The text of a translation with its stamp set to `stamp`: the `translates:` line of the front matter
 * replaced, or, where there is none, a new line after `translationOf:` (else before the closing `---`).
 * Every other byte stays as it was, line endings included. Undefined when the text has no front matter.
 */
export function withTranslationStamp(text: string, stamp: string): string | undefined {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const lines = text.slice(bom.length).split('\n');
  if (lines[0]?.replace(/\r$/, '').trimEnd() !== '---') return undefined;
  const end = lines.findIndex((line, index) => index > 0 && line.replace(/\r$/, '').trimEnd() === '---');
  if (end === -1) return undefined;
  const eol = lines[0]!.endsWith('\r') ? '\r' : '';
  const entry = `${STAMP_FIELD}: ${stamp}${eol}`;
  const field = new RegExp(`^${STAMP_FIELD}\\s*:`);
  const existing = lines.findIndex((line, index) => index > 0 && index < end && field.test(line));
  if (existing !== -1) {
    lines[existing] = entry;
  } else {
    const after = lines.findIndex((line, index) => index > 0 && index < end && /^translationOf\s*:/.test(line));
    lines.splice(after === -1 ? end : after + 1, 0, entry);
  }
  return bom + lines.join('\n');
}
