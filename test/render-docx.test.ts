import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { labelsFor } from '../src/i18n/labels.js';
import type { Block, DocumentModel, Inline, Section } from '../src/model/document.js';
import { classificationLabel, documentOutline, type DocumentPart } from '../src/render/document-outline.js';
import { renderDocx } from '../src/render/docx/render-docx.js';
import { modelToMdast } from '../src/render/markdown/model-to-mdast.js';
import { loadDocumentFonts } from '../src/load/fonts.js';
import type { DocxRenderOptions } from '../src/render/docx/docx-render-options.js';
import { skipUnlessTools } from './support/external-tools.js';

// ---------------------------------------------------------------------------------------------
// A model that uses every block and inline type, three heading levels below the sections and an appendix.

const INJECTION = '{{constructor}} # <b>x</b> | [a](b)';

const text = (value: string): Inline => ({ type: 'text', value });
const para = (...children: Inline[]): Block => ({ type: 'paragraph', children });
const cell = (value: string) => ({ children: [text(value)] });

function section(id: string, number: string, title: string, blocks: Block[], sections: Section[] = []): Section {
  const level = number.split('.').length as Section['level'];
  return { id, number, level, title, module: id.split('/')[0]!, ...(level === 1 ? { kind: id } : {}), controls: [], blocks, sections };
}

function sampleModel(overrides: { lang?: 'en' | 'sv'; status?: 'draft' | 'released'; pageSize?: 'A4' | 'Letter' } = {}): DocumentModel {
  const lang = overrides.lang ?? 'en';
  const status = overrides.status ?? 'released';
  return {
    modelVersion: 1,
    lang,
    labels: labelsFor(lang),
    organisation: {
      id: 'acme',
      legalName: 'Acme Widgets Ltd',
      shortName: 'Acme',
      branding: { primaryColor: '#1F4E79', font: 'Carlito', pageSize: overrides.pageSize ?? 'A4', logo: null },
    },
    policy: {
      id: 'incident-management',
      title: 'Incident Management Policy',
      version: status === 'draft' ? 'draft' : '1.2.0',
      status,
      classification: 'internal',
      owner: { name: 'Ada Lovelace', title: 'Chief Information Security Officer', role: 'ciso' },
      approver: { name: 'Bob Hope', title: 'Chief Executive Officer', role: 'ceo' },
      reviewIntervalMonths: 12,
      effectiveDate: status === 'draft' ? null : '2025-03-01',
      nextReviewDate: status === 'draft' ? null : '2026-03-01',
    },
    history: [
      { version: '1.0.0', date: '2024-01-10', author: 'Ada Lovelace', approver: 'Bob Hope', summary: 'First release' },
      { version: '1.2.0', date: '2025-03-01', author: 'Ada Lovelace', approver: 'Bob Hope', summary: 'NIS2 deadlines added' },
    ],
    sections: [
      section('purpose', '1', 'Purpose and scope', [
        para(
          text('Incidents are logged in '),
          { type: 'strong', children: [text('ServiceNow')] },
          text(', triaged '),
          { type: 'emphasis', children: [text('within one hour')] },
          text(' and tagged '),
          { type: 'code', value: 'sec-incident' },
          text('. See '),
          { type: 'link', url: 'https://example.com/policy?a=1&b=2', children: [text('the portal')] },
          { type: 'break' },
          text('Second line.'),
        ),
        {
          type: 'list',
          ordered: false,
          items: [
            { children: [para(text('the service desk'))] },
            {
              children: [
                para(text('security@acme.example')),
                { type: 'list', ordered: true, start: 3, items: [{ children: [para(text('third step'))] }, { children: [para(text('fourth step'))] }] },
              ],
            },
          ],
        },
      ]),
      section(
        'roles',
        '2',
        'Roles and responsibilities',
        [
          {
            type: 'table',
            align: [null, 'center', 'right'],
            header: [cell('Role'), cell('Holder'), cell('Hours')],
            rows: [
              [cell('Policy owner'), cell('Ada Lovelace'), cell('2')],
              [cell('Incident manager'), cell(INJECTION), cell('40')],
            ],
          },
        ],
        [
          section('roles/priorities', '2.1', 'Priorities', [para(text('Priorities follow the severity matrix.'))], [
            section('roles/priorities/escalation', '2.1.1', 'Escalation', [para(text('Escalate to the CISO.'))], [
              section('roles/priorities/escalation/out-of-hours', '2.1.1.1', 'Out of hours', [para(text('Call the on-call phone.'))]),
            ]),
          ]),
        ],
      ),
      section('evidence', '3', 'Evidence', [
        { type: 'quote', children: [para(text('Keep everything.'))] },
        { type: 'codeBlock', value: 'incident:\n  id: 42\n\tseverity: high' },
        { type: 'rule' },
        para(text(INJECTION)),
        para(text('Bell\u0001 character removed.')),
      ]),
    ],
    appendix: [
      {
        framework: 'iso27001',
        name: 'ISO/IEC 27001:2022',
        controls: [{ id: '5.24', title: 'Incident management planning', sections: [{ number: '1', title: 'Purpose and scope' }] }],
      },
      {
        framework: 'nis2',
        name: 'NIS2',
        controls: [
          { id: 'Art. 23(1)', title: 'Notify significant incidents', sections: [{ number: '2', title: 'Roles and responsibilities' }, { number: '3', title: 'Evidence' }] },
        ],
      },
    ],
  };
}

const TIMESTAMP = new Date('2025-03-01T08:30:00Z');
const carlito = await loadDocumentFonts('Carlito');
const context: DocxRenderOptions = { timestamp: TIMESTAMP, fonts: { name: carlito.name, embed: true, main: carlito.faces, fallback: carlito.fallback } };

/** A 4 × 2 pixel PNG. */
const LOGO_PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAAASFvFNAAAAFUlEQVR4nGMUn/eTgYGBgYGBiQEKAC0qAhK6oB7jAAAAAElFTkSuQmCC', 'base64'),
);

// ---------------------------------------------------------------------------------------------
// Reading the package

function unzip(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, /\.(xml|rels)$/.test(name) ? strFromU8(data) : '']));
}

function decode(xml: string): string {
  return xml.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** The text of a fragment: its `w:t` contents, with `w:tab` as a tab. */
function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => (m[1] === undefined ? '\t' : decode(m[1]))).join('');
}

function paragraphs(xml: string): { style: string | null; text: string }[] {
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(m[1]!)?.[1] ?? null,
    text: textOf(m[1]!),
  }));
}

function tables(xml: string): string[][][] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1]!.matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((r) => [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => textOf(c[1]!))),
  );
}

function outlinePart<K extends DocumentPart['kind']>(model: DocumentModel, kind: K): Extract<DocumentPart, { kind: K }> {
  const part = documentOutline(model).find((p): p is Extract<DocumentPart, { kind: K }> => p.kind === kind);
  if (!part) throw new Error(`the outline has no ${kind} part`);
  return part;
}

function appendixTitle(model: DocumentModel): string {
  return outlinePart(model, 'appendix').title;
}

/** Inline content as the text Word shows (the sample model has no placeholders). */
function plainText(inlines: readonly Inline[]): string {
  return inlines.map((inline) => (inline.type === 'text' ? inline.value : inline.type === 'placeholder' ? `[${inline.label}]` : '')).join('');
}

function allSections(sections: readonly Section[]): Section[] {
  return sections.flatMap((s) => [s, ...allSections(s.sections)]);
}

function countBodyTables(model: DocumentModel): number {
  const inBlocks = (blocks: readonly Block[]): number =>
    blocks.reduce(
      (n, b) => n + (b.type === 'table' ? 1 : b.type === 'quote' ? inBlocks(b.children) : b.type === 'list' ? b.items.reduce((m, i) => m + inBlocks(i.children), 0) : 0),
      0,
    );
  return allSections(model.sections).reduce((n, s) => n + inBlocks(s.blocks), 0);
}

/** Headings in document order, as (style, text): front matter, numbered sections, appendix. */
function expectedHeadings(model: DocumentModel): { style: string; text: string }[] {
  return [
    { style: 'FrontHeading', text: model.labels.documentControl },
    { style: 'FrontHeading', text: model.labels.versionHistory },
    ...allSections(model.sections).map((s) => ({ style: `Heading${s.level}`, text: `${s.number}\t${s.title}` })),
    ...(model.appendix.length > 0
      ? [{ style: 'Heading1', text: appendixTitle(model) }, ...model.appendix.map((f) => ({ style: 'Heading2', text: f.name }))]
      : []),
  ];
}

/** Every zip entry's DOS date and time, read from the local file headers. */
function zipEntryTimes(bytes: Uint8Array): { name: string; time: number; date: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: { name: string; time: number; date: number }[] = [];
  let offset = 0;
  while (offset + 30 <= bytes.length && view.getUint32(offset, true) === 0x04034b50) {
    const flags = view.getUint16(offset + 6, true);
    const compressed = view.getUint32(offset + 18, true);
    const nameLength = view.getUint16(offset + 26, true);
    const extraLength = view.getUint16(offset + 28, true);
    const name = strFromU8(bytes.subarray(offset + 30, offset + 30 + nameLength));
    out.push({ name, time: view.getUint16(offset + 10, true), date: view.getUint16(offset + 12, true) });
    expect(flags & 0x08, 'sizes are in the local header').toBe(0);
    offset += 30 + nameLength + extraLength + compressed;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('renderDocx', () => {
  it('writes the headings with Heading styles, in document order', async () => {
    const model = sampleModel();
    const xml = unzip(await renderDocx(model, context))['word/document.xml']!;
    const headings = paragraphs(xml).filter((p) => p.style !== null && /^(Heading\d|FrontHeading)$/.test(p.style));
    expect(headings).toEqual(expectedHeadings(model));
    // Heading 4 exists for the level-4 section, and the styles are defined with the branding font.
    const styles = unzip(await renderDocx(model, context))['word/styles.xml']!;
    for (const id of ['Heading1', 'Heading2', 'Heading3', 'Heading4', 'FrontHeading', 'TableText', 'SourceCode', 'Quote', 'VerbatimChar']) {
      expect(styles, id).toContain(`w:styleId="${id}"`);
    }
    expect(styles).toMatch(/<w:rFonts w:ascii="Carlito"/);
    expect(styles).not.toMatch(/asciiTheme/);
  });

  it('opens with the title block, then document control, version history and the TOC', async () => {
    const model = sampleModel({ status: 'draft' });
    const xml = unzip(await renderDocx(model, context))['word/document.xml']!;
    const ps = paragraphs(xml).filter((p) => p.style !== null);
    expect(ps.slice(0, 4)).toEqual([
      { style: 'Title', text: model.policy.title },
      { style: 'DraftMarker', text: model.labels.draft },
      { style: 'Subtitle', text: model.organisation.legalName },
      { style: 'FrontHeading', text: model.labels.documentControl },
    ]);
    const tocHeading = ps.findIndex((p) => p.style === 'TOCHeading');
    expect(ps[tocHeading]!.text).toBe(model.labels.contents);
    expect(tocHeading).toBeGreaterThan(ps.findIndex((p) => p.text === model.labels.versionHistory));
    expect(tocHeading).toBeLessThan(ps.findIndex((p) => p.style === 'Heading1'));
    // The TOC field covers Heading 1-3 and lists exactly those headings, linked to their bookmarks.
    expect(xml).toContain('<w:instrText xml:space="preserve">TOC \\o &quot;1-3&quot; \\h \\z</w:instrText>');
    // Each entry ends with its page number (the PAGEREF field's result), filled in at build time.
    const tocLines = ps.filter((p) => /^TOC\d$/.test(p.style!)).map((p) => p.text);
    for (const line of tocLines) expect(line).toMatch(/\t[1-9]\d*$/);
    const entries = tocLines.map((text) => text.replace(/\t\d+$/, ''));
    const tocExpected = expectedHeadings(model)
      .filter((h) => /^Heading[123]$/.test(h.style))
      .map((h) => h.text);
    expect(entries).toEqual(tocExpected);
    const anchors = [...xml.matchAll(/w:anchor="([^"]+)"/g)].map((m) => m[1]);
    const bookmarks = [...xml.matchAll(/<w:bookmarkStart w:name="([^"]+)"/g)].map((m) => m[1]);
    expect(anchors).toHaveLength(tocExpected.length);
    for (const anchor of anchors) expect(bookmarks).toContain(anchor);
    const settings = unzip(await renderDocx(model, context))['word/settings.xml']!;
    // The contents is complete as written: nothing asks Word to update it (no prompt on opening).
    expect(settings).not.toContain('updateFields');
    expect(xml).not.toContain('w:dirty');
    expect(settings).toContain('<w:embedTrueTypeFonts/>');
  });

  it('fills the document control and version history tables from the outline', async () => {
    const model = sampleModel();
    const [control, history] = tables(unzip(await renderDocx(model, context))['word/document.xml']!);
    const controlPart = outlinePart(model, 'documentControl');
    const historyPart = outlinePart(model, 'versionHistory');
    expect(control).toEqual([[...controlPart.header], ...controlPart.rows.map((row) => [row.label, plainText(row.value)])]);
    expect(history).toEqual([[...historyPart.header], ...historyPart.rows.map((row) => row.map(plainText))]);
  });

  it('gives every table a repeated, shaded header row', async () => {
    const model = sampleModel();
    const xml = unzip(await renderDocx(model, context))['word/document.xml']!;
    const tbls = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => m[1]!);
    expect(tbls).toHaveLength(2 + countBodyTables(model) + model.appendix.length);
    for (const tbl of tbls) {
      const [firstRow, secondRow] = [...tbl.matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((m) => m[1]!);
      expect(firstRow).toContain('<w:tblHeader/>');
      expect(firstRow).toMatch(/<w:shd [^>]*w:fill="1F4E79"/);
      expect(firstRow).toContain('<w:pStyle w:val="TableHeading"/>');
      if (secondRow !== undefined) expect(secondRow).not.toContain('<w:tblHeader/>');
    }
    // The appendix lists each control with the numbers of its covering sections.
    const appendix = tables(xml).at(-1)!;
    // A control id is one term: its words are joined by a no-break space.
    expect(appendix[1]).toEqual(['Art.\u00A023(1)', 'Notify significant incidents', '2, 3']);
    // Column alignment from the Markdown table.
    const bodyTable = tbls[2]!;
    expect(bodyTable).toContain('<w:jc w:val="center"/>');
    expect(bodyTable).toContain('<w:jc w:val="right"/>');
  });

  it('renders lists, inline formatting, links, code and quotes', async () => {
    const files = unzip(await renderDocx(sampleModel(), context));
    const xml = files['word/document.xml']!;
    const ps = paragraphs(xml);
    expect(ps.find((p) => p.text.startsWith('Incidents are logged'))!.text).toBe(
      'Incidents are logged in ServiceNow, triaged within one hour and tagged sec-incident. See the portalSecond line.',
    );
    expect(xml).toMatch(/<w:r><w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:t xml:space="preserve">ServiceNow<\/w:t><\/w:r>/);
    expect(xml).toMatch(/<w:i\/><w:iCs\/><\/w:rPr><w:t xml:space="preserve">within one hour</);
    expect(xml).toMatch(/<w:rStyle w:val="VerbatimChar"\/><\/w:rPr><w:t xml:space="preserve">sec-incident</);
    expect(xml).toMatch(/<w:r><w:br\/><\/w:r><w:r><w:t xml:space="preserve">Second line\.<\/w:t>/);
    const link = /<w:hyperlink [^>]*r:id="([^"]+)"[^>]*>[\s\S]*?the portal/.exec(xml);
    expect(link).not.toBeNull();
    expect(files['word/_rels/document.xml.rels']).toContain(`Id="${link![1]}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/policy?a=1&amp;b=2" TargetMode="External"`);

    // Nested lists: level 0 bullets, level 1 ordered starting at 3, each list its own numbering.
    const listParas = [...xml.matchAll(/<w:p>(<w:pPr><w:pStyle w:val="ListParagraph"\/><w:numPr><w:ilvl w:val="(\d)"\/><w:numId w:val="(\d+)"\/>[\s\S]*?)<\/w:p>/g)].map((m) => ({
      level: Number(m[2]),
      numId: m[3],
      text: textOf(m[1]!),
    }));
    expect(listParas.map((p) => [p.level, p.text])).toEqual([
      [0, 'the service desk'],
      [0, 'security@acme.example'],
      [1, 'third step'],
      [1, 'fourth step'],
    ]);
    expect(listParas[0]!.numId).toBe(listParas[1]!.numId);
    expect(listParas[2]!.numId).not.toBe(listParas[0]!.numId);
    const numbering = files['word/numbering.xml']!;
    const abstractOf = (numId: string) => new RegExp(`<w:num w:numId="${numId}"><w:abstractNumId w:val="(\\d+)"/>`).exec(numbering)![1];
    const ordered = new RegExp(`<w:abstractNum w:abstractNumId="${abstractOf(listParas[2]!.numId!)}"[\\s\\S]*?</w:abstractNum>`).exec(numbering)![0];
    expect(ordered).toMatch(/<w:lvl w:ilvl="1"[^>]*><w:start w:val="3"\/><w:numFmt w:val="lowerLetter"\/>/);
    // docx restarts every list with start overrides: the ordered list's must keep its start.
    const num = new RegExp(`<w:num w:numId="${listParas[2]!.numId}">[\\s\\S]*?</w:num>`).exec(numbering)![0];
    expect(num).toContain('<w:lvlOverride w:ilvl="1"><w:startOverride w:val="3"/></w:lvlOverride>');

    expect(ps.find((p) => p.style === 'Quote')!.text).toBe('Keep everything.');
    expect(ps.find((p) => p.style === 'SourceCode')!.text).toBe('incident:  id: 42\tseverity: high');
    expect(xml).toMatch(/<w:t xml:space="preserve">incident:<\/w:t><\/w:r><w:r><w:br\/><w:t xml:space="preserve">  id: 42<\/w:t>/);
  });

  it('prints variable values verbatim: markup in text is escaped, never interpreted', async () => {
    const model = sampleModel();
    const risky: DocumentModel = {
      ...model,
      organisation: { ...model.organisation, legalName: INJECTION, shortName: '<Acme & Co>' },
      policy: { ...model.policy, title: `Policy ${INJECTION}` },
    };
    const files = unzip(await renderDocx(risky, context));
    const xml = files['word/document.xml']!;
    const escaped = '{{constructor}} # &lt;b&gt;x&lt;/b&gt; | [a](b)';
    expect(xml).toContain(`<w:t xml:space="preserve">${escaped}</w:t>`);
    expect(xml).not.toContain('<b>');
    const ps = paragraphs(xml);
    expect(ps.filter((p) => p.text === INJECTION).map((p) => p.style)).toEqual(['Subtitle', 'TableText', null]);
    expect(ps.find((p) => p.style === 'Title')!.text).toBe(`Policy ${INJECTION}`);
    expect(tables(xml)[2]![2]![1]).toBe(INJECTION);
    expect(files['word/header1.xml']).toContain('&lt;Acme &amp; Co&gt;');
    expect(files['docProps/core.xml']).toContain(`<dc:title>Policy ${escaped}</dc:title>`);
    // Characters XML cannot carry are dropped rather than producing an unreadable file.
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain('Bell character removed.');
  });

  it('puts the policy, classification and draft marker in the header, version and Page N of M in the footer', async () => {
    const draft = unzip(await renderDocx(sampleModel({ status: 'draft' }), context));
    expect(textOf(draft['word/header1.xml']!)).toBe(`Acme  \u00B7  Incident Management Policy\tInternal  \u00B7  DRAFT`);
    const footer = draft['word/footer1.xml']!;
    expect(textOf(footer)).toBe(`Version: Draft (not approved)\tPage  of `);
    expect(footer).toMatch(/Page <\/w:t><\/w:r><w:r><w:fldChar w:fldCharType="begin"\/><\/w:r><w:r><w:instrText xml:space="preserve">PAGE<\/w:instrText>/);
    expect(footer).toMatch(/ of <\/w:t><\/w:r><w:r><w:fldChar w:fldCharType="begin"\/><\/w:r><w:r><w:instrText xml:space="preserve">NUMPAGES<\/w:instrText>/);

    const released = unzip(await renderDocx(sampleModel({ lang: 'sv' }), context));
    expect(textOf(released['word/header1.xml']!)).toBe(`Acme  \u00B7  Incident Management Policy\tIntern`);
    expect(textOf(released['word/footer1.xml']!)).toBe('Version: 1.2.0\tSida  av ');
    expect(released['word/footer1.xml']).toContain('NUMPAGES');
  });

  it('sets core and custom properties, the language and the page size', async () => {
    const model = sampleModel();
    const files = unzip(await renderDocx(model, context));
    const core = files['docProps/core.xml']!;
    expect(core).toContain('<dc:title>Incident Management Policy</dc:title>');
    expect(core).toContain('<dc:subject>Acme Widgets Ltd</dc:subject>');
    expect(core).toContain('<dc:creator>Ada Lovelace</dc:creator>');
    expect(core).toContain(`<cp:keywords>incident-management, ${classificationLabel(model)}, ISO/IEC 27001:2022, NIS2</cp:keywords>`);
    expect(core).toContain('<dc:description>Version: 1.2.0. NIS2 deadlines added</dc:description>');
    expect(core).toContain('<cp:lastModifiedBy>Ada Lovelace</cp:lastModifiedBy>');
    expect(core).toContain('<cp:revision>2</cp:revision>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-03-01T08:30:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2025-03-01T08:30:00Z</dcterms:modified>');
    expect(core).toContain('<dc:language>en-GB</dc:language>');

    const custom = files['docProps/custom.xml']!;
    const props = Object.fromEntries([...custom.matchAll(/name="([^"]+)"><vt:lpwstr>([^<]*)<\/vt:lpwstr>/g)].map((m) => [m[1], decode(m[2]!)]));
    expect(props).toMatchObject({
      policyId: 'incident-management',
      version: '1.2.0',
      owner: 'Ada Lovelace, Chief Information Security Officer',
      classification: 'internal',
      nextReviewDate: '2026-03-01',
    });

    expect(files['word/styles.xml']).toContain('<w:lang w:val="en-GB"/>');
    const sv = unzip(await renderDocx(sampleModel({ lang: 'sv' }), context));
    expect(sv['word/styles.xml']).toContain('<w:lang w:val="sv-SE"/>');

    expect(files['word/document.xml']).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const letter = unzip(await renderDocx(sampleModel({ pageSize: 'Letter' }), context));
    expect(letter['word/document.xml']).toMatch(/<w:pgSz w:w="12240" w:h="15840"/);
  });

  it('places the logo from the context, sized by its aspect ratio', async () => {
    const bytes = await renderDocx(sampleModel(), { ...context, logo: { bytes: LOGO_PNG, type: 'png', width: 4, height: 2 } });
    const raw = unzipSync(bytes);
    const media = Object.keys(raw).filter((name) => name.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(Buffer.from(raw[media[0]!]!).equals(Buffer.from(LOGO_PNG))).toBe(true);
    const xml = strFromU8(raw['word/document.xml']!);
    const extent = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(xml)!;
    expect(Number(extent[1]) / Number(extent[2])).toBeCloseTo(2, 1);
    expect(xml.indexOf('<w:drawing>')).toBeLessThan(xml.indexOf('w:val="Title"'));
    // Without a logo there is no drawing at all.
    expect(unzip(await renderDocx(sampleModel(), context))['word/document.xml']).not.toContain('<w:drawing>');
  });

  it('shows the same headings and tables, in the same order, as the Markdown renderer', async () => {
    const model = sampleModel();
    const xml = unzip(await renderDocx(model, context))['word/document.xml']!;
    const mdast = modelToMdast(model);
    const mdText = (node: unknown): string => {
      let out = '';
      const visit = (n: { type: string; value?: string; children?: unknown[] }) => {
        if (n.type === 'text' || n.type === 'inlineCode') out += n.value ?? '';
        for (const child of n.children ?? []) visit(child as typeof n);
      };
      visit(node as { type: string });
      return out;
    };
    // The Markdown title is its level-1 heading; Word has a Title paragraph instead.
    const [title, ...mdHeadings] = mdast.children.filter((n) => n.type === 'heading').map(mdText);
    expect(paragraphs(xml).find((p) => p.style === 'Title')!.text).toBe(title);
    const docxHeadings = paragraphs(xml)
      .filter((p) => p.style !== null && /^(Heading\d|FrontHeading)$/.test(p.style))
      .map((p) => p.text.replace('\t', ' '));
    expect(docxHeadings).toEqual(mdHeadings);
    const mdTables = mdast.children
      .filter((n) => n.type === 'table')
      .map((t) => (t as { children: { children: unknown[] }[] }).children.map((row) => row.children.map(mdText)));
    expect(tables(xml)).toEqual(mdTables);
  });

  it('renders a model without sections, history or appendix', async () => {
    const model: DocumentModel = { ...sampleModel({ status: 'draft' }), history: [], sections: [], appendix: [] };
    const xml = unzip(await renderDocx(model, context))['word/document.xml']!;
    expect(paragraphs(xml).filter((p) => p.style === 'FrontHeading' || p.style?.startsWith('Heading')).map((p) => p.text)).toEqual([
      model.labels.documentControl,
      model.labels.versionHistory,
    ]);
    expect(tables(xml)[1]).toEqual([[model.labels.version, model.labels.date, model.labels.author, model.labels.approver, model.labels.summary]]);
    // The TOC field is still complete: begin, separate and end.
    const fieldChars = [...xml.matchAll(/w:fldCharType="(\w+)"/g)].map((m) => m[1]);
    expect(fieldChars).toEqual(['begin', 'separate', 'end']);
  });

  it('sizes the logo by the pixel size that load read', async () => {
    const files = unzipSync(await renderDocx(sampleModel(), { ...context, logo: { bytes: LOGO_PNG, type: 'png', width: 150, height: 50 } }));
    const extent = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(strFromU8(files['word/document.xml']!))!;
    expect(Number(extent[1]) / Number(extent[2])).toBeCloseTo(3, 1);
  });

  describe('determinism', () => {
    it('renders the same bytes twice in one process, even with other documents in between', async () => {
      const logoContext: DocxRenderOptions = { ...context, logo: { bytes: LOGO_PNG, type: 'png', width: 4, height: 2 } };
      const first = await renderDocx(sampleModel(), logoContext);
      await renderDocx(sampleModel({ lang: 'sv', status: 'draft' }), context);
      const second = await renderDocx(sampleModel(), logoContext);
      expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
      // Ids docx draws from global counters or Math.random come out renumbered from 1.
      const xml = strFromU8(unzipSync(first)['word/document.xml']!);
      expect([...xml.matchAll(/<w:bookmarkStart [^>]*w:id="(\d+)"/g)].map((m) => Number(m[1]))[0]).toBe(1);
      expect(xml).toMatch(/<wp:docPr id="1"/);
      expect(strFromU8(unzipSync(first)['word/_rels/document.xml.rels']!)).not.toMatch(/Id="rId[a-z][^"]*[a-z0-9_-]{10,}"/);
    });

    it('does not depend on the time zone, and stamps every zip entry with the context timestamp', async () => {
      const saved = process.env['TZ'];
      try {
        process.env['TZ'] = 'America/New_York';
        const newYork = await renderDocx(sampleModel(), context);
        process.env['TZ'] = 'Asia/Tokyo';
        const tokyo = await renderDocx(sampleModel(), context);
        expect(Buffer.from(tokyo).equals(Buffer.from(newYork))).toBe(true);
        // DOS time of 2025-03-01 08:30:00 UTC.
        const dosDate = ((2025 - 1980) << 9) | (3 << 5) | 1;
        const dosTime = (8 << 11) | (30 << 5);
        const times = zipEntryTimes(tokyo);
        expect(times.length).toBeGreaterThan(10);
        expect(times[0]!.name).toBe('[Content_Types].xml');
        for (const entry of times) expect(entry, entry.name).toMatchObject({ date: dosDate, time: dosTime });
      } finally {
        if (saved === undefined) delete process.env['TZ'];
        else process.env['TZ'] = saved;
      }
    });

    it('accepts timestamps that zip cannot store by clamping the entry dates', async () => {
      const bytes = await renderDocx(sampleModel(), { ...context, timestamp: new Date(0) });
      expect(zipEntryTimes(bytes)[0]).toMatchObject({ date: (0 << 9) | (1 << 5) | 1, time: 0 });
      expect(strFromU8(unzipSync(bytes)['docProps/core.xml']!)).toContain('>1970-01-01T00:00:00Z</dcterms:created>');
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Real consumers

describe('renderDocx read by real consumers', () => {
  const dirs: string[] = [];
  const workDir = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policymark-docx-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('pandoc finds the same headings and tables', async (ctx) => {
    skipUnlessTools(ctx, 'pandoc');
    const model = sampleModel();
    const file = path.join(workDir(), 'policy.docx');
    writeFileSync(file, await renderDocx(model, context));
    const result = spawnSync('pandoc', ['-f', 'docx', '-t', 'json', file], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const ast = JSON.parse(result.stdout) as { blocks: PandocNode[]; meta: Record<string, unknown> };
    const headers: string[] = [];
    let tableCount = 0;
    walk(ast.blocks, (node) => {
      if (node.t === 'Header') headers.push(plain((node.c as unknown[])[2]));
      if (node.t === 'Table') tableCount += 1;
    });
    const expected = expectedHeadings(model).map((h) => h.text.replace('\t', ' '));
    expect(headers).toEqual(expected);
    expect(tableCount).toBe(2 + countBodyTables(model) + model.appendix.length);
    // Text is text for pandoc too.
    const plainText = spawnSync('pandoc', ['-f', 'docx', '-t', 'plain', '--wrap=none', file], { encoding: 'utf8' }).stdout;
    expect(plainText).toContain(INJECTION);
  });

  it('LibreOffice converts it to PDF with every section heading in order and Page N of M', async (ctx) => {
    skipUnlessTools(ctx, 'soffice', 'pdftotext');
    const model = sampleModel();
    const dir = workDir();
    const file = path.join(dir, 'policy.docx');
    writeFileSync(file, await renderDocx(model, context));
    const convert = spawnSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(convert.status, convert.stderr).toBe(0);
    const extracted = spawnSync('pdftotext', ['-layout', path.join(dir, 'policy.pdf'), '-'], { encoding: 'utf8' });
    expect(extracted.status, extracted.stderr).toBe(0);
    const pages = extracted.stdout.split('\f').filter((page) => page.trim() !== '');
    const squash = (s: string) => s.replace(/\s+/g, ' ');
    // The body starts after the contents page, which lists the same headings.
    const contentsPage = pages.findIndex((page) => page.includes(model.labels.contents));
    expect(contentsPage).toBeGreaterThan(0);
    const body = squash(pages.slice(contentsPage + 1).join('\n'));
    let from = 0;
    for (const s of allSections(model.sections)) {
      const at = body.indexOf(`${s.number} ${s.title}`, from);
      expect(at, `${s.number} ${s.title}`).toBeGreaterThanOrEqual(from);
      from = at;
    }
    expect(body.indexOf(appendixTitle(model), from)).toBeGreaterThan(from);
    pages.forEach((page, i) => expect(squash(page)).toContain(`Page ${i + 1} of ${pages.length}`));
    expect(readFileSync(path.join(dir, 'policy.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  }, 180_000);
});

interface PandocNode {
  t: string;
  c?: unknown;
}

function walk(value: unknown, visit: (node: PandocNode) => void): void {
  if (Array.isArray(value)) for (const item of value) walk(item, visit);
  else if (value !== null && typeof value === 'object') {
    if (typeof (value as PandocNode).t === 'string') visit(value as PandocNode);
    for (const child of Object.values(value)) walk(child, visit);
  }
}

function plain(inlines: unknown): string {
  let out = '';
  walk(inlines, (node) => {
    if (node.t === 'Str') out += node.c as string;
    else if (node.t === 'Space' || node.t === 'SoftBreak') out += ' ';
  });
  return out;
}
