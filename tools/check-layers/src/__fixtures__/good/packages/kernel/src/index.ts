// The kernel sits at the bottom: nothing here may import '@swespot/front'.
export { fakeSandbox } from './test/fake-sandbox';
