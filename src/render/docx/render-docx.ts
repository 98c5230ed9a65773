import { createHash } from 'node:crypto';
import { strFromU8, strToU8, zipSync, type Zippable } from 'fflate';
import type { DocumentModel } from '../../model/document.js';
import type { RedlineOutline } from '../redline-outline.js';
import { compilePackageFiles } from './docx-internals.js';
import type { DocxRenderOptions } from './docx-render-options.js';
import { modelToDocx, wordLanguage } from './model-to-docx.js';
import { addTemplateDataPart } from './template-data-part.js';

/**
 * Renders a policy as a Word document. The bytes depend only on the model and the context: two
 * renders of the same input are byte-identical, in one process or across processes and time zones.
 */
export async function renderDocx(model: DocumentModel, context: DocxRenderOptions): Promise<Uint8Array> {
  return normalizePackage(addTemplateDataPart(compilePackageFiles(modelToDocx(model, context)), model), context.timestamp, wordLanguage(model.lang));
}

/** Renders a redline as a Word document with tracked changes; deterministic as {@link renderDocx}. */
export async function renderRedlineDocx(redline: RedlineOutline, context: DocxRenderOptions): Promise<Uint8Array> {
  return normalizePackage(compilePackageFiles(modelToDocx(redline.model, context, redline)), context.timestamp, wordLanguage(redline.model.lang));
}

/**
 * Removes what docx 9.15 leaves to chance: the clock in `docProps/core.xml` and in the zip entries,
 * bookmark and drawing ids drawn from process-global counters (they differ for the second document a
 * process writes), and relationship ids drawn from `Math.random` (hyperlinks). Ids are renumbered in
 * document order, which the model fixes.
 */
function normalizePackage(entries: Record<string, Uint8Array | string>, timestamp: Date, language: string): Uint8Array {
  const names = Object.keys(entries);
  const texts = new Map<string, string>();
  for (const name of names) {
    const entry = entries[name]!;
    if (typeof entry === 'string') texts.set(name, entry);
    else if (/\.(xml|rels)$/.test(name)) texts.set(name, strFromU8(entry));
  }

  const core = texts.get('docProps/core.xml');
  if (core !== undefined) texts.set('docProps/core.xml', fixCoreProperties(core, timestamp, language));

  renameRandomRelationshipIds(texts);
  fixFontKeys(texts, entries);
  const settings = texts.get('word/settings.xml');
  if (settings !== undefined && Object.keys(entries).some((n) => n.startsWith('word/fonts/')) && !settings.includes('<w:embedTrueTypeFonts')) {
    texts.set('word/settings.xml', settings.replace(/(<w:settings\b[^>]*>)/, '$1<w:embedTrueTypeFonts/>'));
  }

  const bookmarkIds = new Renumbering();
  const drawingIds = new Renumbering();
  let revisionId = 0;
  for (const name of names.filter((n) => n.startsWith('word/') && n.endsWith('.xml'))) {
    let xml = texts.get(name)!;
    xml = xml.replace(/<w:bookmark(?:Start|End)\b[^>]*>/g, (tag) => tag.replace(/\bw:id="(\d+)"/, (_, id: string) => `w:id="${bookmarkIds.of(id)}"`));
    xml = xml.replace(/(<wp:docPr\b[^>]*?\bid=")(\d+)"/g, (_, head: string, id: string) => `${head}${drawingIds.of(id)}"`);
    // Tracked changes need ids unique in the document; they are numbered in document order.
    xml = xml.replace(/<w:(ins|del)\b[^>]*>/g, (tag) => tag.replace(/\bw:id="\d+"/, () => `w:id="${++revisionId}"`));
    texts.set(name, xml);
  }

  // [Content_Types].xml first, as Office writes it; the rest in docx's (fixed) order.
  const ordered = ['[Content_Types].xml', ...names.filter((n) => n !== '[Content_Types].xml')].filter((n) => n in entries);
  const files: Zippable = {};
  for (const name of ordered) {
    const text = texts.get(name);
    if (text !== undefined) files[name] = strToU8(text);
    // Images are compressed already; stored, as Office stores them.
    else {
      const bytes = entries[name] as Uint8Array;
      files[name] = name.startsWith('word/media/') ? [bytes, { level: 0 }] : bytes;
    }
  }
  return zipSync(files, { level: 6, mtime: zipTime(timestamp) });
}

/**
 * docx draws each embedded font's key (the GUID its file is obfuscated with, ECMA-376 Part 1 §17.8.1)
 * at random. Each key becomes one derived from the font file's position and bytes, and the file is
 * obfuscated again with it: the first 32 bytes are XORed with the key's bytes in reverse order, so
 * XORing with the old key and then the new one re-keys it.
 */
function fixFontKeys(texts: Map<string, string>, entries: Record<string, Uint8Array | string>): void {
  const table = texts.get('word/fontTable.xml');
  const rels = texts.get('word/_rels/fontTable.xml.rels');
  if (table === undefined || rels === undefined) return;
  const targets = new Map([...rels.matchAll(/<Relationship\b[^>]*>/g)].map(([tag]) => [/\bId="([^"]+)"/.exec(tag)?.[1] ?? '', /\bTarget="([^"]+)"/.exec(tag)?.[1] ?? '']));
  const fixed = table.replace(/<w:embed(Regular|Bold|Italic|BoldItalic)\b[^>]*\/>/g, (tag) => {
    const id = /\br:id="([^"]+)"/.exec(tag)?.[1];
    const oldKey = /\bw:fontKey="\{([0-9A-Fa-f-]+)\}"/.exec(tag)?.[1];
    const target = id === undefined ? undefined : targets.get(id);
    const name = target === undefined ? undefined : `word/${target}`;
    const bytes = name === undefined ? undefined : entries[name];
    if (oldKey === undefined || name === undefined || !(bytes instanceof Uint8Array)) return tag;
    const plain = xorKey(bytes, oldKey);
    const newKey = derivedKey(name, plain);
    entries[name] = xorKey(plain, newKey);
    return tag.replace(oldKey, newKey);
  });
  texts.set('word/fontTable.xml', fixed);
}

function keyBytes(key: string): number[] {
  return (key.replace(/-/g, '').match(/../g) ?? []).map((hex) => Number.parseInt(hex, 16)).reverse();
}

function xorKey(bytes: Uint8Array, key: string): Uint8Array {
  const mask = keyBytes(key);
  const out = new Uint8Array(bytes);
  for (let i = 0; i < 32 && i < out.length; i++) out[i]! ^= mask[i % mask.length]!;
  return out;
}

/** A GUID from the font file's name and bytes: the same for the same font in every build. */
function derivedKey(name: string, bytes: Uint8Array): string {
  const hex = createHash('sha256').update(name).update(bytes).digest('hex').slice(0, 32).toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

class Renumbering {
  private readonly ids = new Map<string, number>();
  of(id: string): number {
    let next = this.ids.get(id);
    if (next === undefined) {
      next = this.ids.size + 1;
      this.ids.set(id, next);
    }
    return next;
  }
}

function fixCoreProperties(xml: string, timestamp: Date, language: string): string {
  const w3cdtf = timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z');
  let out = xml.replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g, (_, open: string, _tag: string, close: string) => `${open}${w3cdtf}${close}`);
  if (!out.includes('<dc:language>') && /^[A-Za-z0-9-]+$/.test(language)) {
    out = out.replace('</cp:coreProperties>', `<dc:language>${language}</dc:language></cp:coreProperties>`);
  }
  return out;
}

/**
 * Relationship ids that are not docx's sequential `rIdN` are random (nanoid); they become `rIdxN`,
 * numbered in the order the relationships file lists them, in the relationships file and its part.
 */
function renameRandomRelationshipIds(texts: Map<string, string>): void {
  for (const [name, rels] of texts) {
    const match = /^(.*?)_rels\/([^/]+)\.rels$/.exec(name);
    if (!match) continue;
    const part = `${match[1]}${match[2]}`;
    const renames = new Map<string, string>();
    for (const [, id] of rels.matchAll(/\bId="([^"]+)"/g)) {
      if (!/^rId\d+$/.test(id!) && !renames.has(id!)) renames.set(id!, `rIdx${renames.size + 1}`);
    }
    if (renames.size === 0) continue;
    const rename = (xml: string) => xml.replace(/="([^"]+)"/g, (whole, value: string) => (renames.has(value) ? `="${renames.get(value)!}"` : whole));
    texts.set(name, rename(rels));
    const source = texts.get(part);
    if (source !== undefined) texts.set(part, rename(source));
  }
}

/**
 * The zip entries' modification time. Zip stores local wall-clock time, which fflate reads from the
 * Date in the process's time zone; building the Date from the timestamp's UTC fields makes the stored
 * time the UTC time whatever TZ is. Zip cannot store dates before 1980 or after 2107.
 */
function zipTime(timestamp: Date): Date {
  const min = Date.UTC(1980, 0, 1, 0, 0, 0);
  const max = Date.UTC(2107, 11, 31, 23, 59, 58);
  const utc = new Date(Math.min(Math.max(timestamp.getTime(), min), max));
  return new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate(), utc.getUTCHours(), utc.getUTCMinutes(), utc.getUTCSeconds());
}
