import { Vector as Vec, clamp } from '@fx/util';
import type { Options } from '@fx/util';
import { App } from './main';
import * as view from './view';
import { theme } from '@app/config';
import Logger from '../../../packages/util/src/logger';

export class ExtraApp extends App { // ref: App -> apps/web/src/main.ts::App
  options: Options = { precision: 2 }; // ref: Options -> packages/util/src/options.ts::Options

  run(): string {
    const vector = new Vec(1, 2).scale(clamp(3, 0, 2)); // ref: Vec -> packages/util/src/math.ts::Vector; clamp -> packages/util/src/math.ts::clamp
    new Logger().log(theme); // ref: Logger -> packages/util/src/logger.ts::Logger; theme -> apps/web/src/config.ts::theme
    return view.render({ origin: vector }) + this.start(2); // ref: view.render -> apps/web/src/view/index.tsx::render; this.start -> apps/web/src/main.ts::App.start
  }
}

export const makeExtra = (): ExtraApp => new ExtraApp();
