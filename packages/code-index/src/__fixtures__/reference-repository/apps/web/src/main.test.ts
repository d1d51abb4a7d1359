import { describe, expect, it } from 'vitest';
import { App, boot } from './main';
import { clamp } from '@fx/util';

describe('App', () => {
  it('starts', () => {
    expect(new App().start(3)).toBe('0'); // ref: App -> apps/web/src/main.ts::App
  });

  it('boots and clamps', () => {
    expect(boot()).toBeDefined(); // ref: boot -> apps/web/src/main.ts::boot
    expect(clamp(5, 0, 1)).toBe(1); // ref: clamp -> packages/util/src/math.ts::clamp
  });
});
