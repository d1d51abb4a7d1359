import { clamp } from './math.js';

export function pad(text: string, width: number): string {
  return text.padStart(clamp(width, 0, 80)); // ref: clamp -> packages/util/src/math.ts::clamp
}

export function shout(text: string): string {
  return `${pad(text, 4).toUpperCase()}!`;
}
