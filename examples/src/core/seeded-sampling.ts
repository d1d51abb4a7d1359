// Reproducible sampling: the same seed picks the same FIM candidates on every machine,
// and each candidate gets a content-hash id that a re-run recognises.
import { createRandom, stableId } from '@swespot/core';

const candidates = [
  { file: 'astropy/modeling/separable.py', entity: '_cstack', churn: 12 },
  { file: 'astropy/units/core.py', entity: 'Unit.to', churn: 40 },
  { file: 'astropy/io/fits/header.py', entity: 'Header.fromstring', churn: 7 },
  { file: 'astropy/table/table.py', entity: 'Table.add_column', churn: 25 },
];

const random = createRandom(2048).fork('fim-holes');
const chosen = random.weightedSample(
  candidates,
  candidates.map((candidate) => candidate.churn),
  2,
);
for (const candidate of chosen) {
  console.log(stableId({ repo: 'astropy/astropy', ...candidate }, { prefix: 'fim' }), candidate.entity);
}
