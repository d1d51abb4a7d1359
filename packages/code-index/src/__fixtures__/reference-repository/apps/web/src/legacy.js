const { clamp } = require('../../../packages/util/src/math');
const path = require('node:path');

function legacyWidth(width) {
  return clamp(width, 0, 100); // ref: clamp -> packages/util/src/math.ts::clamp
}

function legacyPath(name) {
  return path.join('/tmp', name); // ref: path.join -> third-party
}

module.exports = { legacyWidth, legacyPath };
