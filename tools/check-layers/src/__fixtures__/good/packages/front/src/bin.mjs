import '@swespot/box';
const { fakeSandbox } = await import('@swespot/kernel');
console.log(fakeSandbox, 'require("@swespot/eval")');
