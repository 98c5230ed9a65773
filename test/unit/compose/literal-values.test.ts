import { describe, expect, it } from 'vitest';
import { composeModel, organisationFile, policyManifest, replaceOnce, sectionModule } from '../../support/compose-fixture.js';
import { inlinesOfType, outline } from '../../support/model-query.js';

const LEGAL_NAME = '{{constructor}} **bold** <b>x</b> [a](b) | pipe `code` {{org.shortName}}';
const SHORT_NAME = '*Acme* & <i>co</i>';

/** Organisation values that are Handlebars, Markdown and HTML, printed by a module in every kind of place. */
const files = {
  ...organisationFile((yaml) => {
    let out = replaceOnce(yaml, 'legalName: Acme Widgets Ltd', `legalName: '${LEGAL_NAME}'`);
    out = replaceOnce(out, 'shortName: Acme', `shortName: '${SHORT_NAME}'`);
    out = replaceOnce(out, 'ticketing: ServiceNow', "ticketing: '# Not a heading'");
    return replaceOnce(out, '    - the service desk\n', "    - '- not nested'\n    - '1. not ordered'\n");
  }),
  ...sectionModule({
    id: 'literal',
    title: 'Literal',
    body: [
      'Paragraph: {{org.legalName}}',
      '',
      '| Field | Value |',
      '| --- | --- |',
      '| Name | {{org.legalName}} |',
      '',
      '{{org.tools.ticketing}}',
      '',
      '## About {{org.shortName}}',
      '',
      '{{#each org.incident.reportingChannels}}',
      '- {{this}}',
      '{{/each}}',
      '',
    ].join('\n'),
  }),
  ...policyManifest('p', ['literal']),
};

describe('composeDocument: values are printed literally', () => {
  it('keeps Handlebars, Markdown and HTML in a value as text in a paragraph: never run, parsed or dropped', async () => {
    const model = await composeModel(files, { policy: 'p' });
    expect(model.sections[0]?.blocks[0]).toEqual({ type: 'paragraph', children: [{ type: 'text', value: `Paragraph: ${LEGAL_NAME}` }] });
    // Nothing in the value became formatting or a link anywhere in the body.
    for (const type of ['strong', 'emphasis', 'code'] as const) expect(inlinesOfType(model, type)).toEqual([]);
    expect(inlinesOfType(model, 'link').map((link) => link.url)).toEqual(['mailto:security@acme.example']);
  });

  it('keeps a value with "|" in its table cell', async () => {
    const model = await composeModel(files, { policy: 'p' });
    const table = model.sections[0]?.blocks[1];
    expect(table).toMatchObject({ type: 'table', rows: [[{ children: [{ type: 'text', value: 'Name' }] }, { children: [{ type: 'text', value: LEGAL_NAME }] }]] });
  });

  it('does not let a value at the start of a line become a heading or a list item', async () => {
    const model = await composeModel(files, { policy: 'p' });
    expect(model.sections[0]?.blocks[2]).toEqual({ type: 'paragraph', children: [{ type: 'text', value: '# Not a heading' }] });
    expect(outline(model)).toEqual(['1 Literal [level 1, literal]', `1.1 About ${SHORT_NAME} [level 2, literal/about-acme-i-co-i]`]);
    const list = model.sections[0]?.sections[0]?.blocks[0];
    expect(list).toMatchObject({ type: 'list', ordered: false });
    expect(list?.type === 'list' ? list.items.map((item) => item.children) : []).toEqual([
      [{ type: 'paragraph', children: [{ type: 'text', value: '- not nested' }] }],
      [{ type: 'paragraph', children: [{ type: 'text', value: '1. not ordered' }] }],
      [{ type: 'paragraph', children: [{ type: 'link', url: 'mailto:security@acme.example', children: [{ type: 'text', value: 'security@acme.example' }] }] }],
    ]);
  });

  it('prints the organisation names of the title block as written', async () => {
    const model = await composeModel(files, { policy: 'p' });
    expect(model.organisation).toMatchObject({ legalName: LEGAL_NAME, shortName: SHORT_NAME });
  });
});

describe('composeDocument: a value that begins a sentence', () => {
  const sentences = {
    ...organisationFile((yaml) => replaceOnce(replaceOnce(yaml, "    name: Information Commissioner's Office", '    name: the Information Commissioner (ICO)'), 'ticketing: ServiceNow', 'ticketing: servicenow.example')),
    ...sectionModule({
      id: 'starts',
      title: 'Starts',
      body: [
        '{{org.gdpr.supervisoryAuthority.name}} is told. Then {{org.gdpr.supervisoryAuthority.name}} decides! {{org.gdpr.supervisoryAuthority.name}} may ask, e.g. {{org.gdpr.supervisoryAuthority.name}} again.',
        '',
        '| Who | Where |',
        '| --- | --- |',
        '| {{org.gdpr.supervisoryAuthority.name}} | **Note.** {{org.gdpr.supervisoryAuthority.name}} |',
        '',
        'Logged. {{org.tools.ticketing}} keeps it. {{org.roles.ciso.email}} answers.',
        '',
      ].join('\n'),
    }),
    ...policyManifest('p', ['starts']),
  };

  it('begins with a capital where it starts a sentence, a block or a cell, and keeps its case elsewhere', async () => {
    const model = await composeModel(sentences, { policy: 'p' });
    const texts = JSON.stringify(model.sections[0]?.blocks);
    expect(texts).toContain('The Information Commissioner (ICO) is told. Then the Information Commissioner (ICO) decides! The Information Commissioner (ICO) may ask, e.g. the Information Commissioner (ICO) again.');
    const table = model.sections[0]?.blocks[1];
    expect(JSON.stringify(table)).toContain('"value":"The Information Commissioner (ICO)"');
    expect(JSON.stringify(table)).toContain('"value":" The Information Commissioner (ICO)"');
    // A value that is one word with a dot (a host name, an address) keeps its case, linked or not.
    expect(texts).toContain('Logged. servicenow.example keeps it. ');
    expect(inlinesOfType(model, 'link').map((link) => link.url)).toEqual(['mailto:ada@acme.example']);
    expect(texts).toContain('"value":"ada@acme.example"');
  });
});
