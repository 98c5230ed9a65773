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
  return { ...toFilePosition(template.bodyLine, node.loc.start), end: toFilePosition(template.bodyLine, node.loc.end) };
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

/** How the check reads the organisation's values. */
export interface CheckOptions {
  /**
   * Template mode: nothing disappears. A condition on a value the organisation left unset takes the
   * branch for a value that is set (`{{#if}}`'s body, `{{#unless}}`'s `{{else}}`), because the client
   * will fill it in; the tested value is reported as an unset use (`test`) so that a placeholder is
   * planted for it, and the uses inside that branch are reported as well.
   */
  readonly template?: boolean;
}

/** A check in progress: the result and the mode. */
interface CheckRun extends TemplateCheck {
  readonly template: boolean;
}

/**
 * What a variable may hold according to the schema, whatever this organisation's value: used to check
 * the branches this organisation does not take, and the bodies of loops over nothing.
 */
export type Shape =
  | { readonly kind: 'value' }
  | { readonly kind: 'any' }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Shape>> }
  | { readonly kind: 'record'; readonly item: Shape }
  | { readonly kind: 'list'; readonly item: Shape };

const ANY: Shape = { kind: 'any' };

/** The shape of a field or item of `shape`; undefined where the schema has no such field. */
function childShape(shape: Shape | undefined, part: string): Shape | undefined {
  if (!shape) return undefined;
  switch (shape.kind) {
    case 'any': return ANY;
    case 'value': return undefined;
    case 'object': return Object.hasOwn(shape.fields, part) ? shape.fields[part] : undefined;
    case 'record': return shape.item;
    case 'list': return /^\d+$/.test(part) ? shape.item : undefined;
  }
}

/** The shape of one item of a loop over `shape`. */
function itemShape(shape: Shape | undefined): Shape | undefined {
  if (!shape) return undefined;
  return shape.kind === 'list' || shape.kind === 'record' ? shape.item : ANY;
}

/** A block scope: its value and, where it is a part of the variables, its path from the root and its shape. */
interface Scope {
  readonly value: unknown;
  readonly path: readonly string[] | null;
  readonly shape?: Shape | undefined;
}

/** Stands for one item of an unset list while the body of its {{#each}} is checked. */
const UNSET_ITEM = '\u0000unset';

/**
 * Checks a template against the variables it will be filled with, without running it: every path must
 * exist (own properties only), every helper must be one of ours, no partials. Collects every problem,
 * and every use of a value the organisation left unset (`null`). With the `shape` of the variables,
 * the parts this organisation's values do not render (an `{{else}}` not taken, the body of a loop over
 * an empty list) are checked against it, so that a misspelt path there fails for every organisation.
 */
export function checkTemplate(template: Template, context: unknown, shape?: Shape, options: CheckOptions = {}): TemplateCheck {
  const result: CheckRun = { diagnostics: [], unset: [], template: options.template === true };
  checkProgram(template, template.ast, [{ value: context, path: [], shape }], false, result);
  return { diagnostics: result.diagnostics, unset: result.unset };
}

function checkProgram(template: Template, program: Program | undefined, scopes: Scope[], inEach: boolean, out: CheckRun): void {
  if (!program) return;
  for (const statement of program.body) checkStatement(template, statement, scopes, inEach, out);
}

/** Checks a part of the body that this organisation does not render against the shape, if there is one. */
function checkNotRendered(template: Template, program: Program | undefined, scopes: Scope[], inEach: boolean, result: CheckRun): void {
  if (!program || scopes[0]?.shape === undefined) return;
  for (const statement of program.body) checkStatementShape(template, statement, scopes, inEach, result);
}

/** The helper and its one variable, when the block is well-formed; a diagnostic otherwise. */
function blockParts(template: Template, block: hbs.AST.BlockStatement, out: Diagnostic[]): { name: string; param: PathExpression } | undefined {
  const name = block.path.type === 'PathExpression' ? (block.path as PathExpression).original : '';
  if (!(BLOCK_HELPERS as readonly string[]).includes(name)) {
    out.push(unknownHelper(template, block.path, 'as a block'));
    return undefined;
  }
  const param = block.params[0];
  if (block.params.length !== 1 || !param || param.type !== 'PathExpression' || (block.hash?.pairs.length ?? 0) > 0) {
    out.push(
      diagnostic('template/syntax', template.file, positionOfNode(template, block), `The {{#${name}}} block needs exactly one variable, such as {{#${name} org.nis2.inScope}}.`, {
        hint: 'Name one organisation or policy variable after the helper.',
      }),
    );
    return undefined;
  }
  return { name, param: param as PathExpression };
}

/** Like checkStatement, against the shape alone: nothing here renders for this organisation. */
function checkStatementShape(template: Template, statement: Statement, scopes: Scope[], inEach: boolean, result: CheckRun): void {
  const out = result.diagnostics;
  if (statement.type === 'MustacheStatement') {
    const mustache = statement as hbs.AST.MustacheStatement;
    if (mustache.params.length > 0 || (mustache.hash?.pairs.length ?? 0) > 0 || mustache.path.type !== 'PathExpression') {
      out.push(unknownHelper(template, mustache.path, 'as an inline helper'));
    } else if (isBlockHelperName(mustache.path as PathExpression)) {
      out.push(unknownHelper(template, mustache.path, 'without "#"'));
    } else {
      checkShape(template, mustache.path as PathExpression, scopes, inEach, out, 'print');
    }
    return;
  }
  if (statement.type !== 'BlockStatement') {
    checkStatement(template, statement, scopes, inEach, result);
    return;
  }
  const block = statement as hbs.AST.BlockStatement;
  const parts = blockParts(template, block, out);
  if (!parts) return;
  const { name, param } = parts;
  const use: Use = name === 'if' || name === 'unless' ? 'test' : name === 'each' ? 'list' : 'enter';
  const shape = checkShape(template, param, scopes, inEach, out, use);
  if (shape === null) return;
  if (name === 'with') checkNotRendered(template, block.program, [...scopes, { value: undefined, path: null, shape }], inEach, result);
  else if (name === 'each') checkNotRendered(template, block.program, [...scopes, { value: undefined, path: null, shape: itemShape(shape) }], true, result);
  else checkNotRendered(template, block.program, scopes, inEach, result);
  checkNotRendered(template, block.inverse, scopes, inEach, result);
}

/** Resolves a path against the shapes of the scopes; null (and a diagnostic) where the schema has no such variable. */
function checkShape(template: Template, path: PathExpression, scopes: Scope[], inEach: boolean, out: Diagnostic[], use: Use): Shape | null {
  if (path.data) return checkDataVariable(template, path, inEach, out) ? ANY : null;
  const scope = scopes[scopes.length - 1 - path.depth];
  if (!scope) {
    out.push(diagnostic('template/undefined-variable', template.file, positionOfNode(template, path), `"${path.original}" goes up more levels than there are blocks.`, { hint: 'Remove a "../".' }));
    return null;
  }
  let shape: Shape = scope.shape ?? ANY;
  const walked: string[] = [];
  for (const part of path.parts) {
    const child = childShape(shape, part);
    if (!child) {
      out.push(undefinedVariable(template, path, walked, part, shape.kind === 'object' ? Object.keys(shape.fields) : []));
      return null;
    }
    shape = child;
    walked.push(part);
  }
  if (use === 'print' && (shape.kind === 'object' || shape.kind === 'record' || shape.kind === 'list')) {
    out.push(
      diagnostic('template/not-printable', template.file, positionOfNode(template, path), `"${path.original}" is a ${shape.kind === 'list' ? 'list' : 'group of fields'}, not a single value, so it cannot be printed.`, {
        hint: shape.kind === 'list' ? `Use {{#each ${path.original}}}…{{this}}…{{/each}}.` : `Print one of its fields, e.g. "${path.original}.${shape.kind === 'object' ? (Object.keys(shape.fields)[0] ?? 'name') : 'name'}".`,
      }),
    );
  }
  if (use === 'list' && shape.kind === 'value') {
    out.push(
      diagnostic('template/not-a-list', template.file, positionOfNode(template, path), `{{#each}} needs a list or a group of fields, but "${path.original}" is a single value.`, {
        hint: `Print it with {{${path.original}}} instead.`,
      }),
    );
    return null;
  }
  return shape;
}

function checkStatement(template: Template, statement: Statement, scopes: Scope[], inEach: boolean, result: CheckRun): void {
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
      const parts = blockParts(template, block, out);
      if (!parts) return;
      const { name, param } = parts;
      const value = checkValue(template, param, scopes, inEach, result, name === 'if' || name === 'unless' ? 'test' : name === 'each' ? 'list' : 'enter');
      if (name === 'if' || name === 'unless') {
        // Checked against this organisation, like strict mode at render time: the branch that renders.
        // `{{#if org.roles.ceo.phone}}{{org.roles.ceo.phone}}{{/if}}` is fine without a phone; the
        // other branch is checked against the schema, since another organisation will render it.
        // In a template, an unset value counts as set: the client fills it in, so its content stays.
        const truthy = (result.template && value.unset === true) || isTruthy(value.value);
        const renders = name === 'if' ? truthy : !truthy;
        checkProgram(template, renders ? block.program : block.inverse, scopes, inEach, result);
        if (value.found) checkNotRendered(template, renders ? block.inverse : block.program, scopes, inEach, result);
      } else if (name === 'with') {
        if (value.unset) checkProgram(template, block.program, [...scopes, { value: {}, path: value.path, shape: value.shape }], inEach, result);
        else if (value.found && value.value !== undefined && value.value !== null) checkProgram(template, block.program, [...scopes, { value: value.value, path: value.path, shape: value.shape }], inEach, result);
        else if (value.found) checkNotRendered(template, block.program, [...scopes, { value: undefined, path: null, shape: value.shape }], inEach, result);
        checkProgram(template, block.inverse, scopes, inEach, result);
      } else if (value.unset) {
        // An unset list stands for one item to fill in.
        checkProgram(template, block.program, [...scopes, { value: UNSET_ITEM, path: value.path && [...value.path, '0'], shape: itemShape(value.shape) }], true, result);
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
          checkProgram(template, block.program, [...scopes, { value: item, path: value.path && [...value.path, key], shape: itemShape(value.shape) }], true, result);
          if (out.length > before) break;
        }
        // A loop over nothing renders no body here, but will for an organisation with items.
        if (items.length === 0 && value.found) checkNotRendered(template, block.program, [...scopes, { value: undefined, path: null, shape: itemShape(value.shape) ?? ANY }], true, result);
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
  /** What the schema says the value may be, where the check has shapes. */
  readonly shape?: Shape | undefined;
}

/** `@index`, `@key`, `@first` and `@last`, inside {{#each}} only; a diagnostic otherwise. */
function checkDataVariable(template: Template, path: PathExpression, inEach: boolean, out: Diagnostic[]): boolean {
  const known = ['index', 'key', 'first', 'last'];
  if (inEach && path.parts.length === 1 && known.includes(path.parts[0] ?? '')) return true;
  out.push(
    diagnostic('template/undefined-variable', template.file, positionOfNode(template, path), `The data variable "${path.original}" is not defined here.`, {
      hint: 'Only @index, @key, @first and @last exist, and only inside {{#each}}.',
    }),
  );
  return false;
}

function undefinedVariable(template: Template, path: PathExpression, walked: readonly string[], part: string, available: readonly string[]): Diagnostic {
  const prefix = walked.length > 0 ? `${walked.join('.')}.` : '';
  const suggestion = nearest(part, [...available], 1)[0];
  // `org.variables` holds whatever the organisation defines for its own modules: the fix is there.
  const ownVariable = walked.length === 2 && walked[0] === 'org' && walked[1] === 'variables';
  return diagnostic('template/undefined-variable', template.file, positionOfNode(template, path), `The variable "${path.original}" is not defined: ${walked.length > 0 ? `"${walked.join('.')}"` : 'the top level'} has no field "${part}".`, {
    hint: ownVariable
      ? `Add \`${part}: <value>\` under \`variables:\` in the organisation file${suggestion ? `, or did you mean "${prefix}${suggestion}"?` : ', or remove the expression.'}`
      : suggestion
      ? `Did you mean "${prefix}${suggestion}"?`
      : available.length > 0
        ? `Fields here: ${available.slice(0, 12).join(', ')}${available.length > 12 ? ', …' : ''}.`
        : 'Define it in the organisation file, or remove the expression.',
  });
}

function checkValue(template: Template, path: PathExpression, scopes: Scope[], inEach: boolean, result: CheckRun, use: Use): Lookup {
  const out = result.diagnostics;
  const at = positionOfNode(template, path);
  if (path.data) {
    if (!checkDataVariable(template, path, inEach, out)) return { found: false, value: undefined, path: null };
    return { found: true, value: 0, path: null, shape: ANY };
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
  const hasShapes = scopes[0]?.shape !== undefined;
  let shape: Shape | undefined = scope.shape;
  for (let i = 0; i < path.parts.length; i++) {
    const part = path.parts[i] ?? '';
    const isLast = i === path.parts.length - 1;
    if (current === null && walked.length > 0) {
      // A group left unset: handled below; what follows must still exist in the schema.
      for (const rest of path.parts.slice(i)) shape = childShape(shape, rest);
      break;
    }
    if (current !== null && typeof current === 'object' && Object.hasOwn(current, part)) {
      current = (current as Record<string, unknown>)[part];
      shape = childShape(shape, part);
      walked.push(part);
      continue;
    }
    // `{{#if a.b}}` may test a field that is absent, as long as its parent exists (and, where the
    // check has the schema, the schema has the field).
    const inSchema = !hasShapes || childShape(shape, part) !== undefined;
    if (use === 'test' && isLast && current !== null && typeof current === 'object' && inSchema) return { found: true, value: undefined, path: fullPath, shape: childShape(shape, part) };
    const available = current !== null && typeof current === 'object' && !Array.isArray(current) ? Object.keys(current) : [];
    const known = shape?.kind === 'object' ? [...new Set([...available, ...Object.keys(shape.fields)])] : available;
    out.push(undefinedVariable(template, path, walked, part, known));
    return { found: false, value: undefined, path: null };
  }
  if (current === null || current === UNSET_ITEM) {
    // Left empty in the organisation file: an error in a normal build, a placeholder in a template.
    if (use === 'test') {
      if (result.template && current === null && fullPath) result.unset.push({ path: fullPath, use: 'test', file: template.file, at });
      return { found: true, value: undefined, unset: current === null, path: fullPath, shape };
    }
    if (current === null && fullPath) result.unset.push({ path: fullPath, use: use === 'list' ? 'list' : use === 'enter' ? 'enter' : 'print', file: template.file, at });
    return { found: true, value: current === UNSET_ITEM ? 'placeholder' : undefined, unset: current === null, path: fullPath, shape };
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
  return { found: true, value: current, path: fullPath, shape };
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
