import { pad } from './strings';

export default class Logger {
  prefix = 'log';

  log(message: string): void {
    console.log(pad(this.prefix, 6), message); // ref: pad -> packages/util/src/strings.ts::pad
  }
}
