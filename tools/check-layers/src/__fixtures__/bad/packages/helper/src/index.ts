export { base as helper } from '@swespot/base';
