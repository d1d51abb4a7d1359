import { InvalidArgumentError } from '@swespot/core';
import { describe, expect, it } from 'vitest';
import { renderTemplate } from './render-template';

describe('renderTemplate', () => {
  it('replaces placeholders and leaves shell syntax alone', () => {
    const text = renderTemplate('cd {{ workdir }} && echo ${HOME} {x} {{count}}', { workdir: '/testbed', count: 3 });
    expect(text).toBe('cd /testbed && echo ${HOME} {x} 3');
  });

  it('names the template, the placeholder and the known variables on a typo', () => {
    const render = () => renderTemplate('{{workdri}}', { workdir: '/testbed', task: 'x' }, { templateName: 'templates.bugfix.instance' });
    expect(render).toThrow(InvalidArgumentError);
    expect(render).toThrow('templates.bugfix.instance: unknown placeholder {{workdri}}; this template may use task, workdir.');
  });

  it('does not read inherited properties as variables', () => {
    expect(() => renderTemplate('{{toString}}', {})).toThrow(/unknown placeholder \{\{toString\}\}/);
  });
});
