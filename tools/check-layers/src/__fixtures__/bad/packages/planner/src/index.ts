export { base } from '@swespot/base';

export async function loadWriter() {
  return import('@swespot/writer');
}
