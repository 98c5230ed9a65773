import { describe, expect, it } from 'vitest';
import { checkTemplate, parseTemplate, renderTemplate } from '../src/template/template.js';
import { tokenizeValues } from '../src/template/variables.js';

const context = {
  org: {
    legalName: 'Acme Ltd',
    roles: { ciso: { name: 'Ada', title: 'CISO' } },
    channels: ['desk', 'mail'],
    nis2: { inScope: true },
  },
  policy: { title: 'Incident policy' },
};

function check(body: string, bodyLine = 10) {
  const parsed = parseTemplate('m.md', body, bodyLine);
  if (!parsed.value) return parsed.diagnostics;
  return checkTemplate(parsed.value, context).diagnostics;
}

describe('template checks', () => {
  it('positions an undefined variable at its expression in the file, not in the body', () => {
    const diagnostics = check('Line one\nOwner: {{org.roles.cisoo.name}} and {{org.nope}}\n');
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['template/undefined-variable', 11, 10],
      ['template/undefined-variable', 11, 39],
    ]);
    expect(diagnostics[0]?.hint).toBe('Did you mean "org.roles.ciso"?');
  });
  it('refuses prototype properties: only own fields exist', () => {
    expect(check('{{org.constructor}} {{org.legalName.length}}').map((d) => d.code)).toEqual([
      'template/undefined-variable',
      'template/undefined-variable',
    ]);
  });
  it('checks each item of an #each and knows @index only inside it', () => {
    expect(check('{{#each org.channels}}{{this}} {{@index}}{{/each}}')).toEqual([]);
    expect(check('{{@index}}')[0]?.code).toBe('template/undefined-variable');
    expect(check('{{#each org.roles}}{{name}} {{nickname}}{{/each}}')[0]?.message).toContain('nickname');
  });
  it('lets #if test an absent leaf but not an absent parent, and checks the branch that renders', () => {
    expect(check('{{#if org.roles.ciso.phone}}x{{/if}}')).toEqual([]);
    expect(check('{{#if org.roles.ciso.phone}}{{org.roles.ciso.phone}}{{else}}{{org.roles.ciso.name}}{{/if}}')).toEqual([]);
    expect(check('{{#if org.roles.ciso.phone}}x{{else}}{{org.roles.ciso.nmae}}{{/if}}')[0]?.code).toBe('template/undefined-variable');
    expect(check('{{#unless org.nis2.inScope}}{{org.nothing}}{{/unless}}')).toEqual([]);
    expect(check('{{#if org.nis2.inScope}}{{org.nothing}}{{/if}}')[0]?.code).toBe('template/undefined-variable');
    expect(check('{{#if org.missing.phone}}x{{/if}}')[0]?.code).toBe('template/undefined-variable');
  });
  it('reports unknown helpers, partials and printing a group of fields', () => {
    expect(check('{{upper org.legalName}}')[0]?.code).toBe('template/unknown-helper');
    expect(check('{{#loud org.legalName}}x{{/loud}}')[0]?.code).toBe('template/unknown-helper');
    expect(check('{{lookup org "legalName"}}')[0]?.code).toBe('template/unknown-helper');
    expect(check('{{> footer}}')[0]?.code).toBe('template/partial');
    expect(check('{{org.roles}}')[0]?.code).toBe('template/not-printable');
  });
  it('reports syntax errors with the file line and column of the failing token', () => {
    const diagnostics = check('ok\nbad {{org.legalName}\n', 5);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'template/syntax', line: 6, column: 20 });
    expect(check('{{#if org.nis2.inScope}}\nopen\n')[0]?.code).toBe('template/syntax');
  });
});

describe('values are data', () => {
  it('tokenizes values so that the filled text holds no value text at all', () => {
    const hostile = '{{constructor}} # <b>x</b> | [a](b)';
    const { context: tokens, values } = tokenizeValues({ org: { legalName: hostile, count: 3, empty: '', flag: true }, policy: {} });
    const template = parseTemplate('m.md', 'Name: {{org.legalName}} ({{org.count}}){{#if org.empty}}never{{/if}}{{#if org.flag}}!{{/if}}', 1).value!;
    const filled = renderTemplate(template, tokens);
    expect(filled).not.toContain('<b>');
    expect(filled).not.toContain('{{');
    expect(filled.endsWith('!')).toBe(true);
    expect(values).toContain(hostile);
    expect(values).toContain('3');
  });
  it('renders in strict mode: a missing variable throws instead of printing nothing', () => {
    const template = parseTemplate('m.md', '{{org.absent}}', 1).value!;
    expect(() => renderTemplate(template, { org: {}, policy: {} })).toThrow(/absent/);
  });
});
