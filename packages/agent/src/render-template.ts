import { InvalidArgumentError } from '@swespot/core';

/** Values a prompt template can use: `{{name}}` is replaced by `String(value)`. */
export type TemplateVariables = Readonly<Record<string, string | number>>;

/** Options of {@link renderTemplate}. */
export interface RenderTemplateOptions {
  /** A name for the template in error messages, e.g. `templates.bugfix.instance`. Default: `template`. */
  readonly templateName?: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/**
 * Fills a prompt template: every `{{name}}` (white space inside the braces allowed) becomes
 * the variable's value. A placeholder without a variable is an error rather than an empty
 * string (like Jinja's `StrictUndefined`, which mini-swe-agent uses), so a typo in an
 * overridden template fails on the first task instead of silently dropping text.
 * Anything else, including single braces and `${...}` in shell examples, is left as is.
 *
 * @throws {InvalidArgumentError} naming the template, the placeholder and the variables it may use.
 *
 * @example
 * ```ts
 * renderTemplate('Fix {{file}} in {{ workdir }}', { file: 'a.py', workdir: '/testbed' }); // 'Fix a.py in /testbed'
 * ```
 */
export function renderTemplate(
  template: string,
  variables: TemplateVariables,
  options: RenderTemplateOptions = {},
): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (value === undefined) {
      const known = Object.keys(variables).sort().join(', ');
      throw new InvalidArgumentError({
        argument: options.templateName ?? 'template',
        message: `${options.templateName ?? 'template'}: unknown placeholder {{${name}}}; this template may use ${known || 'no placeholders'}.`,
      });
    }
    return String(value);
  });
}
