import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

/** A Markdown file split into its YAML front matter and its body, both with their positions. */
export interface SplitModule {
  readonly frontMatter: YamlSource;
  readonly body: string;
  /** 1-based line of the body's first line in the file. */
  readonly bodyLine: number;
}

/**
 * Splits `---` front matter from a Markdown body. The YAML keeps its file positions (its first line is
 * line 2), and the body knows the line it starts on, so template positions map back to the file.
 */
export function splitFrontMatter(file: string, text: string): { value: SplitModule | undefined; diagnostics: Diagnostic[] } {
  const lines = text.split('\n');
  if (lines[0]?.trimEnd() !== '---') {
    return {
      value: undefined,
      diagnostics: [
        diagnostic('module/missing-front-matter', file, { line: 1, column: 1 }, 'This section module does not start with a YAML front-matter block.', {
          hint: 'Start the file with a line "---", then id, title, kind, lang and controls, then another "---" line, then the body.',
        }),
      ],
    };
  }
  const end = lines.findIndex((line, index) => index > 0 && line.trimEnd() === '---');
  if (end === -1) {
    return {
      value: undefined,
      diagnostics: [
        diagnostic('module/missing-front-matter', file, { line: 1, column: 1 }, 'The front-matter block opened on line 1 is never closed.', {
          hint: 'Add a line "---" after the last front-matter field.',
        }),
      ],
    };
  }
  const yamlText = lines.slice(1, end).join('\n');
  const parsed = parseYamlSource(file, yamlText, 1);
  if (!parsed.value) return { value: undefined, diagnostics: parsed.diagnostics };
  return {
    value: { frontMatter: parsed.value, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 },
    diagnostics: parsed.diagnostics,
  };
}
