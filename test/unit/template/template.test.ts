import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { checkTemplate, parseTemplate, renderTemplate, type Shape, type Template } from '../../../src/template/template.js';

/** Module bodies in these tests start on line 4 of their file, after a two-field front matter. */
const BODY_LINE = 4;

const context = {
  org: {
    legalName: 'Acme',
    tools: { ticketing: null },
    channels: null,
    gdpr: null,
    people: [
      { id: 'ada', phone: null },
      { id: 'bob', phone: '+44 1' },
    ],
    roles: { ciso: { name: 'Ada', title: 'CISO' } },
    priorities: { P1: { label: 'Critical' }, P2: { text: 'High' }, P3: { text: 'Low' } },
  },
  policy: { title: 'Incident policy' },
};

function parsed(body: string): Template {
  const result = parseTemplate('m.md', body, BODY_LINE);
  if (!result.value) throw new Error(`did not parse: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return result.value;
}

/** code line:column message, the way a reader checks a diagnostic. */
const brief = (d: Diagnostic): string => `${d.code} ${d.line}:${d.column} ${d.message}`;

function syntaxErrors(body: string): string[] {
  const result = parseTemplate('m.md', body, BODY_LINE);
  expect(result.value).toBeUndefined();
  return result.diagnostics.map(brief);
}

function checked(body: string): string[] {
  return checkTemplate(parsed(body), context).diagnostics.map(brief);
}

describe('parseTemplate', () => {
  it('keeps the file, the AST and the body\'s first line for positions', () => {
    const result = parseTemplate('policy-modules/sections/a.md', 'Hello {{org.legalName}}\n', 9);
    expect(result.diagnostics).toEqual([]);
    expect(result.value).toMatchObject({ file: 'policy-modules/sections/a.md', bodyLine: 9, ast: { type: 'Program' } });
    expect(result.value?.ast.body.map((s) => s.type)).toEqual(['ContentStatement', 'MustacheStatement', 'ContentStatement']);
  });

  it('reports each kind of syntax error in words, at its file line and 1-based column, with the same hint', () => {
    expect(syntaxErrors('{{#if org.nis2}}x{{/if')).toEqual([
      'template/syntax 4:21 This Handlebars expression cannot be parsed: the expression is incomplete or malformed (found a character that cannot appear here).',
    ]);
    expect(syntaxErrors('a\n{{#if org.x}}\nopen')).toEqual([
      'template/syntax 6:5 This Handlebars expression cannot be parsed: the expression is incomplete or malformed (found the end of the text before the block was closed).',
    ]);
    expect(syntaxErrors('x {{ }}')).toEqual(['template/syntax 4:6 This Handlebars expression cannot be parsed: the expression is incomplete or malformed (found "}}" too early).']);
    // The wrong closing name is positioned at the opening block's helper name, on the body's second line.
    expect(syntaxErrors('a\n  {{#if org.x}}\n{{/each}}')).toEqual([
      'template/syntax 5:6 This Handlebars expression cannot be parsed: a block is closed with the wrong name (if doesn\'t match each).',
    ]);
    expect(parseTemplate('m.md', '{{', BODY_LINE).diagnostics[0]?.hint).toBe('Expressions look like {{org.legalName}}; blocks open with {{#if ...}} and close with {{/if}}.');
  });

  it('reports one diagnostic for one syntax error, in the file it was given', () => {
    const result = parseTemplate('policy-modules/sections/b.md', 'ok\n{{org.a}\n{{org.b}', BODY_LINE);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.severity])).toEqual([['policy-modules/sections/b.md', 5, 'error']]);
  });
});

describe('checkTemplate', () => {
  it('collects every problem of a body in order, each at its expression', () => {
    expect(checked('{{org.legalNme}}\n  {{org.roles.zzz}} {{nope}}\n{{org.people}}')).toEqual([
      'template/undefined-variable 4:3 The variable "org.legalNme" is not defined: "org" has no field "legalNme".',
      'template/undefined-variable 5:5 The variable "org.roles.zzz" is not defined: "org.roles" has no field "zzz".',
      'template/undefined-variable 5:23 The variable "nope" is not defined: the top level has no field "nope".',
      'template/not-printable 6:3 "org.people" is a list, not a single value, so it cannot be printed.',
    ]);
  });

  it('hints with the nearest field, else the fields there are', () => {
    const hints = checkTemplate(parsed('{{org.legalNme}} {{org.roles.zzz}} {{nope}}'), context).diagnostics.map((d) => d.hint);
    expect(hints).toEqual(['Did you mean "org.legalName"?', 'Fields here: ciso.', 'Fields here: org, policy.']);
  });

  it('refuses blocks without exactly one variable, helpers used inline, and block names without "#"', () => {
    expect(checked('{{#if}}x{{/if}} {{#each a b}}x{{/each}}')).toEqual([
      'template/syntax 4:1 The {{#if}} block needs exactly one variable, such as {{#if org.nis2.inScope}}.',
      'template/syntax 4:17 The {{#each}} block needs exactly one variable, such as {{#each org.nis2.inScope}}.',
    ]);
    expect(checked('{{if}} {{org.roles.ciso.name "x"}}')).toEqual([
      'template/unknown-helper 4:3 "if" is used without "#", but policymark provides no such helper.',
      'template/unknown-helper 4:10 "org.roles.ciso.name" is used as an inline helper, but policymark provides no such helper.',
    ]);
  });

  it('refuses {{#each}} over a single value, at the value', () => {
    expect(checked('{{#each org.legalName}}x{{/each}}')).toEqual(['template/not-a-list 4:9 {{#each}} needs a list or a group of fields, but "org.legalName" is a single value.']);
  });

  it('resolves ../ against the enclosing blocks, and refuses one level too many', () => {
    expect(checked('{{#each org.people}}{{id}} {{../org.legalName}}{{/each}}')).toEqual([]);
    expect(checked('{{../org}}\n{{#each org.people}}{{../../x}}{{/each}}')).toEqual([
      'template/undefined-variable 4:3 "../org" goes up more levels than there are blocks.',
      'template/undefined-variable 5:23 "../../x" goes up more levels than there are blocks.',
    ]);
  });

  it('checks {{#with}} against the group it enters, and knows only the four data variables, only in {{#each}}', () => {
    expect(checked('{{#with org.roles.ciso}}{{name}} {{nmae}}{{/with}}')).toEqual(['template/undefined-variable 4:36 The variable "nmae" is not defined: the top level has no field "nmae".']);
    expect(checked('{{#each org.people}}{{@index}}{{@key}}{{@first}}{{@last}}{{@foo}}{{/each}}')).toEqual([
      'template/undefined-variable 4:60 The data variable "@foo" is not defined here.',
    ]);
  });

  it('checks each item of a group of fields, and stops after the first item that lacks a field', () => {
    // P2 and P3 lack `label`: both uses are reported once, for P2, like strict mode failing on P2.
    expect(checked('{{#each org.priorities}}{{label}} {{label}}{{/each}}')).toEqual([
      'template/undefined-variable 4:27 The variable "label" is not defined: the top level has no field "label".',
      'template/undefined-variable 4:37 The variable "label" is not defined: the top level has no field "label".',
    ]);
  });

  it('lists every use of an unset value with its full path, how it is used and where it starts and ends', () => {
    const result = checkTemplate(parsed('{{org.tools.ticketing}}\n{{#each org.channels}}{{this}} {{@index}}{{/each}}\n{{#with org.gdpr}}{{/with}} {{org.gdpr.dpo.name}}'), context);
    expect(result.diagnostics).toEqual([]);
    expect(result.unset).toEqual([
      { path: ['org', 'tools', 'ticketing'], use: 'print', file: 'm.md', at: { line: 4, column: 3, end: { line: 4, column: 22 } } },
      // An unset list stands for one item: its body is checked once, {{this}} is that item's placeholder.
      { path: ['org', 'channels'], use: 'list', file: 'm.md', at: { line: 5, column: 9, end: { line: 5, column: 21 } } },
      { path: ['org', 'gdpr'], use: 'enter', file: 'm.md', at: { line: 6, column: 9, end: { line: 6, column: 17 } } },
      // Below a group left unset, the whole path is named, not the group.
      { path: ['org', 'gdpr', 'dpo', 'name'], use: 'print', file: 'm.md', at: { line: 6, column: 31, end: { line: 6, column: 48 } } },
    ]);
  });

  it('names the list item of an unset field inside {{#each}}', () => {
    expect(checkTemplate(parsed('{{#each org.people}}{{phone}}{{/each}}'), context).unset).toEqual([
      { path: ['org', 'people', '0', 'phone'], use: 'print', file: 'm.md', at: { line: 4, column: 23, end: { line: 4, column: 28 } } },
    ]);
  });

  it('does not count testing an unset value with {{#if}} as a use of it', () => {
    const result = checkTemplate(parsed('{{#if org.tools.ticketing}}{{org.tools.ticketing}}{{/if}}{{#unless org.channels}}none{{/unless}}'), context);
    expect(result).toEqual({ diagnostics: [], unset: [] });
  });
});

describe('renderTemplate', () => {
  it('fills values without HTML escaping, with {{#each}} data variables', () => {
    const template = parsed('{{a}} {{#each l}}{{@index}}:{{this}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}} {{/each}}');
    expect(renderTemplate(template, { a: '<&>"', l: ['x', 'y', 'z'] })).toBe('<&>" 0:xF 1:y 2:zL ');
  });

  it('renders the same parsed template with each context it is given (compiled once, not cached by value)', () => {
    const template = parsed('{{org.legalName}}');
    expect(renderTemplate(template, { org: { legalName: 'First' } })).toBe('First');
    expect(renderTemplate(template, { org: { legalName: 'Second' } })).toBe('Second');
  });

  it('runs in strict mode: a missing field throws with the expression\'s body position', () => {
    const template = parsed('x\n  {{a.b}}');
    let error: unknown;
    try {
      renderTemplate(template, { a: {} });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ message: expect.stringContaining('"b" not defined'), lineNumber: 2, column: 4 });
  });

  it('has no lookup helper: a template that the check would refuse cannot read around it at render time', () => {
    expect(() => renderTemplate(parsed('{{lookup org "x"}}'), { org: { x: 'leaked' } })).toThrow();
  });
});

describe('checkTemplate with the shape of the variables (the branches this organisation does not take)', () => {
  const shape: Shape = {
    kind: 'object',
    fields: {
      org: {
        kind: 'object',
        fields: {
          legalName: { kind: 'value' },
          inScope: { kind: 'value' },
          authority: { kind: 'object', fields: { name: { kind: 'value' } } },
          channels: { kind: 'list', item: { kind: 'value' } },
          people: { kind: 'list', item: { kind: 'object', fields: { name: { kind: 'value' }, phone: { kind: 'value' } } } },
          roles: { kind: 'record', item: { kind: 'object', fields: { name: { kind: 'value' }, phone: { kind: 'value' } } } },
        },
      },
    },
  };
  const values = { org: { legalName: 'Acme', inScope: true, channels: [], people: [], roles: { ciso: { name: 'Ada' } } } };
  const check = (body: string): string[] => checkTemplate(parsed(body), values, shape).diagnostics.map(brief);

  it('reports a misspelt path in an else branch, an unless branch and a test that this organisation does not take', () => {
    expect(check('{{#if org.inScope}}in{{else}}{{org.legalNmae}}{{/if}}')).toEqual([
      'template/undefined-variable 4:32 The variable "org.legalNmae" is not defined: "org" has no field "legalNmae".',
    ]);
    expect(check('{{#unless org.inScope}}{{org.legalNmae}}{{/unless}}')).toHaveLength(1);
    expect(check('{{#if org.inScpe}}x{{/if}}')).toHaveLength(1);
  });

  it('accepts a field the schema has but this organisation leaves out, inside an if on it', () => {
    expect(check('{{#if org.authority}}{{org.authority.name}}{{/if}}{{#if org.roles.ciso.phone}}{{org.roles.ciso.phone}}{{/if}}')).toEqual([]);
  });

  it('checks the body of a loop over an empty list against the item, with paths relative to the item', () => {
    expect(check('{{#each org.people}}{{name}} {{phone}}{{/each}}{{#each org.channels}}{{this}}{{/each}}')).toEqual([]);
    expect(check('{{#each org.people}}{{nmae}}{{/each}}')).toEqual([
      'template/undefined-variable 4:23 The variable "nmae" is not defined: the top level has no field "nmae".',
    ]);
    expect(check('{{#if org.inScope}}{{else}}{{#each org.people}}{{../org.legalName}} {{@index}} {{nmae}}{{/each}}{{/if}}')).toHaveLength(1);
  });

  it('reports a group printed as a value and a loop over a value in a branch not taken', () => {
    expect(check('{{#unless org.inScope}}{{org.authority}}{{#each org.legalName}}x{{/each}}{{/unless}}').map((d) => d.split(' ')[0])).toEqual([
      'template/not-printable',
      'template/not-a-list',
    ]);
  });

  it('without a shape, checks only what renders (as composition does)', () => {
    expect(checkTemplate(parsed('{{#if org.inScope}}in{{else}}{{org.legalNmae}}{{/if}}'), values).diagnostics).toEqual([]);
  });
});
