import Handlebars from 'handlebars';
import { diagnostic, type Diagnostic, type Position } from '../diagnostics/diagnostic.js';
import { nearest } from '../diagnostics/suggest.js';
import { parseErrorLocation } from './handlebars-internals.js';
import type { UnsetUse } from './placeholders.js';

type Program = hbs.AST.Program;
type Statement = hbs.AST.Statement;
type Expression = hbs.AST.Expression;
type PathExpression = hbs.AST.PathExpression;

/**
 * policymark's own Handlebars environment: isolated from the global one, with only the block helpers
 * a policy needs. `lookup` and `log` are removed: `lookup` would let a template reach a variable that
 * the static check cannot see.
 */
const environment = Handlebars.create();
environment.unregisterHelper('lookup');
environment.unregisterHelper('log');

/** Block helpers a module body may use. */
export const BLOCK_HELPERS = ['if', 'unless', 'each', 'with'] as const;
const KNOWN_HELPERS = Object.fromEntries(BLOCK_HELPERS.map((name) => [name, true]));

/** A module body parsed as a Handlebars template, with the file position of its first line. */
export interface Template {
  readonly file: string;
  readonly ast: Program;
  /** 1-based file line of the body's first line. */
  readonly bodyLine: number;
}

/** Parses a body at load time, so syntax errors surface before anything is rendered. */
export function parseTemplate(file: string, body: string, bodyLine: number): { value: Template | undefined; diagnostics: Diagnostic[] } {
  try {
    return { value: { file, ast: environment.parse(body), bodyLine }, diagnostics: [] };
  } catch (error) {
    return { value: undefined, diagnostics: [syntaxDiagnostic(file, bodyLine, error)] };
  }
}

function syntaxDiagnostic(file: string, bodyLine: number, error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const loc = parseErrorLocation(error);
  const expecting = /Expecting (.*), got '([A-Z_]+)'/.exec(message);
  const detail = /doesn't match/.test(message)
    ? `a block is closed with the wrong name (${message.replace(/ - \d+:\d+$/, '')})`
    : expecting
      ? `the expression is incomplete or malformed (found ${describeToken(expecting[2] ?? '')})`
      : message.split('\n')[0] ?? message;
  return diagnostic('template/syntax', file, toFilePosition(bodyLine, loc), `This Handlebars expression cannot be parsed: ${detail}.`, {
    hint: 'Expressions look like {{org.legalName}}; blocks open with {{#if ...}} and close with {{/if}}.',
  });
}

function describeToken(token: string): string {
  switch (token) {
    case 'EOF': return 'the end of the text before the block was closed';
    case 'INVALID': return 'a character that cannot appear here';
    case 'CLOSE': return '"}}" too early';
    default: return token.toLowerCase().replace(/_/g, ' ');
  }
}

/** File position of a Handlebars location (line 1-based, column 0-based) inside a body. */
function toFilePosition(bodyLine: number, loc: { line: number; column: number }): Position {
  return { line: bodyLine + loc.line - 1, column: loc.column + 1 };
}

function positionOfNode(template: Template, node: { loc: hbs.AST.SourceLocation }): Position {
  return toFilePosition(template.bodyLine, node.loc.start);
}

/** A use of an unset value, where it is in the module file. */
export interface PositionedUnsetUse extends UnsetUse {
  readonly file: string;
  readonly at: Position;
}

/** What the check found: problems, and the unset values the body uses (errors or placeholders, by mode). */
export interface TemplateCheck {
  readonly diagnostics: Diagnostic[];
  readonly unset: PositionedUnsetUse[];
}

/** A block scope: its value and, where it is a part of the variables, its path from the root. */
interface Scope {
  readonly value: unknown;
  readonly path: readonly string[] | null;
}

/** Stands for one item of an unset list while the body of its {{#each}} is checked. */
const UNSET_ITEM = '\u0000unset';

/**
 * Checks a template against the variables it will be filled with, without running it: every path must
 * exist (own properties only), every helper must be one of ours, no partials. Collects every problem,
 * and every use of a value the organisation left unset (`null`).
 */
export function checkTemplate(template: Template, context: unknown): TemplateCheck {
  const result: TemplateCheck = { diagnostics: [], unset: [] };
  checkProgram(template, template.ast, [{ value: context, path: [] }], false, result);
  return result;
}

function checkProgram(template: Template, program: Program | undefined, scopes: Scope[], inEach: boolean, out: TemplateCheck): void {
  if (!program) return;
  for (const statement of program.body) checkStatement(template, statement, scopes, inEach, out);
}

function checkStatement(template: Template, statement: Statement, scopes: Scope[], inEach: boolean, result: TemplateCheck): void {
  const out = result.diagnostics;
  switch (statement.type) {
    case 'ContentStatement':
    case 'CommentStatement':
      return;
    case 'MustacheStatement': {
      const mustache = statement as hbs.AST.MustacheStatement;
      if (mustache.params.length > 0 || (mustache.hash?.pairs.length ?? 0) > 0 || mustache.path.type !== 'PathExpression') {
        out.push(unknownHelper(template, mustache.path, 'as an inline helper'));
        return;
      }
      const path = mustache.path as PathExpression;
      if (isBlockHelperName(path)) {
        out.push(unknownHelper(template, path, 'without "#"'));
        return;
      }
      checkValue(template, path, scopes, inEach, result, 'print');
      return;
    }
    case 'BlockStatement': {
      const block = statement as hbs.AST.BlockStatement;
      const name = block.path.type === 'PathExpression' ? (block.path as PathExpression).original : '';
      if (!(BLOCK_HELPERS as readonly string[]).includes(name)) {
        out.push(unknownHelper(template, block.path, 'as a block'));
        return;
      }
      const param = block.params[0];
      if (block.params.length !== 1 || !param || param.type !== 'PathExpression' || (block.hash?.pairs.length ?? 0) > 0) {
        out.push(
          diagnostic('template/syntax', template.file, positionOfNode(template, block), `The {{#${name}}} block needs exactly one variable, such as {{#${name} org.nis2.inScope}}.`, {
            hint: 'Name one organisation or policy variable after the helper.',
          }),
        );
        return;
      }
      const value = checkValue(template, param as PathExpression, scopes, inEach, result, name === 'if' || name === 'unless' ? 'test' : name === 'each' ? 'list' : 'enter');
      if (name === 'if' || name === 'unless') {
        // Checked against this organisation, like strict mode at render time: only the branch that
        // renders. `{{#if org.roles.ceo.phone}}{{org.roles.ceo.phone}}{{/if}}` is fine without a phone.
        const truthy = isTruthy(value.value);
        const renders = name === 'if' ? truthy : !truthy;
        checkProgram(template, renders ? block.program : block.inverse, scopes, inEach, result);
      } else if (name === 'with') {
        if (value.unset) checkProgram(template, block.program, [...scopes, { value: {}, path: value.path }], inEach, result);
        else if (value.found && value.value !== undefined && value.value !== null) checkProgram(template, block.program, [...scopes, { value: value.value, path: value.path }], inEach, result);
        checkProgram(template, block.inverse, scopes, inEach, result);
      } else if (value.unset) {
        // An unset list stands for one item to fill in.
        checkProgram(template, block.program, [...scopes, { value: UNSET_ITEM, path: value.path && [...value.path, '0'] }], true, result);
      } else {
        if (value.found && value.value !== undefined && (value.value === null || typeof value.value !== 'object')) {
          out.push(
            diagnostic('template/not-a-list', template.file, positionOfNode(template, param), `{{#each}} needs a list or a group of fields, but "${(param as PathExpression).original}" is a single value.`, {
              hint: `Print it with {{${(param as PathExpression).original}}} instead.`,
            }),
          );
          return;
        }
        const items: [string, unknown][] = value.value !== null && typeof value.value === 'object' ? Object.entries(value.value) : [];
        // Every item is checked: strict mode fails on the first item that lacks a field.
        const before = out.length;
        for (const [key, item] of items) {
          checkProgram(template, block.program, [...scopes, { value: item, path: value.path && [...value.path, key] }], true, result);
          if (out.length > before) break;
        }
        checkProgram(template, block.inverse, scopes, inEach, result);
      }
      return;
    }
    case 'PartialStatement':
    case 'PartialBlockStatement':
    case 'DecoratorBlock':
    case 'Decorator':
      out.push(
        diagnostic('template/partial', template.file, positionOfNode(template, statement), 'Partials and decorators are not supported in section modules.', {
          hint: 'Reuse text by listing another section module in the policy manifest instead.',
        }),
      );
      return;
    default:
      return;
  }
}

/** Handlebars' truthiness for #if: empty lists are false too. */
function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function isBlockHelperName(path: PathExpression): boolean {
  return path.parts.length === 1 && (BLOCK_HELPERS as readonly string[]).includes(path.original);
}

function unknownHelper(template: Template, expression: Expression, how: string): Diagnostic {
  const name = expression.type === 'PathExpression' ? (expression as PathExpression).original : expression.type;
  return diagnostic('template/unknown-helper', template.file, positionOfNode(template, expression), `"${name}" is used ${how}, but policymark provides no such helper.`, {
    hint: `Print a variable with {{org.name}}; the only helpers are the blocks ${BLOCK_HELPERS.map((h) => `{{#${h}}}`).join(', ')}.`,
  });
}

type Use = 'print' | 'test' | 'enter' | 'list';

interface Lookup {
  readonly found: boolean;
  readonly value: unknown;
  /** The value, or one of the groups on the way to it, is set to nothing in the organisation file. */
  readonly unset?: boolean;
  /** Path from the root, where the scope it starts from has one. */
  readonly path: readonly string[] | null;
}

function checkValue(template: Template, path: PathExpression, scopes: Scope[], inEach: boolean, result: TemplateCheck, use: Use): Lookup {
  const out = result.diagnostics;
  const at = positionOfNode(template, path);
  if (path.data) {
    const known = ['index', 'key', 'first', 'last'];
    if (!inEach || path.parts.length !== 1 || !known.includes(path.parts[0] ?? '')) {
      out.push(
        diagnostic('template/undefined-variable', template.file, at, `The data variable "${path.original}" is not defined here.`, {
          hint: 'Only @index, @key, @first and @last exist, and only inside {{#each}}.',
        }),
      );
      return { found: false, value: undefined, path: null };
    }
    return { found: true, value: 0, path: null };
  }
  const scopeIndex = scopes.length - 1 - path.depth;
  const scope = scopes[scopeIndex];
  if (!scope) {
    out.push(diagnostic('template/undefined-variable', template.file, at, `"${path.original}" goes up more levels than there are blocks.`, { hint: 'Remove a "../".' }));
    return { found: false, value: undefined, path: null };
  }
  let current: unknown = scope.value;
  const fullPath = scope.path && [...scope.path, ...path.parts];
  const walked: string[] = [];
  for (let i = 0; i < path.parts.length; i++) {
    const part = path.parts[i] ?? '';
    const isLast = i === path.parts.length - 1;
    if (current === null && walked.length > 0) break; // a group left unset: handled below
    if (current !== null && typeof current === 'object' && Object.hasOwn(current, part)) {
      current = (current as Record<string, unknown>)[part];
      walked.push(part);
      continue;
    }
    // `{{#if a.b}}` may test a field that is absent, as long as its parent exists.
    if (use === 'test' && isLast && current !== null && typeof current === 'object') return { found: true, value: undefined, path: fullPath };
    const available = current !== null && typeof current === 'object' && !Array.isArray(current) ? Object.keys(current) : [];
    const prefix = walked.length > 0 ? `${walked.join('.')}.` : '';
    const suggestion = nearest(part, available, 1)[0];
    out.push(
      diagnostic('template/undefined-variable', template.file, at, `The variable "${path.original}" is not defined: ${walked.length > 0 ? `"${walked.join('.')}"` : 'the top level'} has no field "${part}".`, {
        hint: suggestion
          ? `Did you mean "${prefix}${suggestion}"?`
          : available.length > 0
            ? `Fields here: ${available.slice(0, 12).join(', ')}${available.length > 12 ? ', …' : ''}.`
            : 'Define it in the organisation file, or remove the expression.',
      }),
    );
    return { found: false, value: undefined, path: null };
  }
  if (current === null || current === UNSET_ITEM) {
    // Left empty in the organisation file: an error in a normal build, a placeholder in a template.
    if (use === 'test') return { found: true, value: undefined, path: fullPath };
    if (current === null && fullPath) result.unset.push({ path: fullPath, use: use === 'list' ? 'list' : use === 'enter' ? 'enter' : 'print', file: template.file, at });
    return { found: true, value: current === UNSET_ITEM ? 'placeholder' : undefined, unset: current === null, path: fullPath };
  }
  if (use === 'print' && current !== null && typeof current === 'object') {
    out.push(
      diagnostic('template/not-printable', template.file, at, `"${path.original}" is a ${Array.isArray(current) ? 'list' : 'group of fields'}, not a single value, so it cannot be printed.`, {
        hint: Array.isArray(current) ? `Use {{#each ${path.original}}}…{{this}}…{{/each}}.` : `Print one of its fields, e.g. "${path.original}.${Object.keys(current)[0] ?? 'name'}".`,
      }),
    );
  }
  if (use === 'print' && current === undefined) {
    out.push(diagnostic('template/undefined-variable', template.file, at, `The variable "${path.original}" has no value.`, { hint: 'Set it in the organisation file, or guard it with {{#if}}.' }));
  }
  return { found: true, value: current, path: fullPath };
}

/**
 * Fills a checked template. Runs in strict mode, so anything the static check missed still fails loudly
 * rather than printing an empty string.
 */
export function renderTemplate(template: Template, context: unknown): string {
  let compiled = compiledTemplates.get(template);
  if (!compiled) {
    compiled = environment.compile(template.ast, {
      strict: true,
      noEscape: true,
      knownHelpers: KNOWN_HELPERS,
      knownHelpersOnly: true,
    });
    compiledTemplates.set(template, compiled);
  }
  return compiled(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
}

/** Each parsed template is compiled once, however many documents and languages fill it. */
const compiledTemplates = new WeakMap<Template, HandlebarsTemplateDelegate>();
