// import { reader } from '@swespot/reader';
/* export { writer } from '@swespot/writer'; require('@swespot/writer') */
export const example = "import x from '@swespot/writer'";
export const pattern = /require\('@swespot\/writer'\)/;
export const template = `${example} import('@swespot/writer')`;
/**
 * Call it like `import('@swespot/planner')`.
 */
export const base = 1;
