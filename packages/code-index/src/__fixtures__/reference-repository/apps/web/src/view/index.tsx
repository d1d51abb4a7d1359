import { Vector, pad } from '@fx/util';
import Logger from '@fx/util/src/logger';
import config, { theme } from '../config';

export interface ViewProps {
  readonly origin: Vector; // ref: Vector -> packages/util/src/math.ts::Vector
}

export function Label(props: { text: string }) {
  return <span className={theme}>{pad(props.text, 3)}</span>; // ref: theme -> apps/web/src/config.ts::theme; pad -> packages/util/src/strings.ts::pad
}

export function render(props: ViewProps): string {
  const logger = new Logger(); // ref: Logger -> packages/util/src/logger.ts::Logger
  logger.log(config.title); // ref: config -> apps/web/src/config.ts::<module>
  return `${props.origin.x}`;
}
