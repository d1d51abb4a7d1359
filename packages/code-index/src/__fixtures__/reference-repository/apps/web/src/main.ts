import { clamp, interpolate, Vector, Logger, shout, nested } from '@fx/util';
import * as util from '@fx/util';
import { pad as padText } from '@fx/util/strings';
import { render } from '@app/view';
import appConfig from './config';
import { lerp } from '../../../packages/util/src/math.js';
const legacy = require('./legacy');

/** The application entry. */
export class App {
  private readonly logger = new Logger(); // ref: Logger -> packages/util/src/logger.ts::Logger

  start(width: number): string {
    const size = clamp(width, 0, appConfig.width); // ref: clamp -> packages/util/src/math.ts::clamp; appConfig -> apps/web/src/config.ts::<module>
    const eased = interpolate(0, size, 0.5) + lerp(0, 1, 0.5); // ref: interpolate -> packages/util/src/math.ts::lerp; lerp -> packages/util/src/math.ts::lerp
    this.logger.log(shout(padText(String(eased), 8))); // ref: shout -> packages/util/src/strings.ts::shout; padText -> packages/util/src/strings.ts::pad
    return render({ origin: new Vector(0, size) }); // ref: render -> apps/web/src/view/index.tsx::render; Vector -> packages/util/src/math.ts::Vector
  }

  deep(): number {
    return nested.deepest().length() + util.clamp(1, 2, 3); // ref: nested.deepest -> packages/util/src/nested/deep.ts::deepest; util.clamp -> packages/util/src/math.ts::clamp
  }

  old(): number {
    return legacy.legacyWidth(util.Vector.zero.x); // ref: legacy.legacyWidth -> apps/web/src/legacy.js::legacyWidth; util.Vector.zero -> packages/util/src/math.ts::Vector.zero
  }
}

export function boot(): App {
  const app = new App();
  app.start(Vector.zero.x); // ref: Vector.zero -> packages/util/src/math.ts::Vector.zero
  return app;
}
