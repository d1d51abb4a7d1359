import { base } from '@swespot/base';
import type { Writer } from '@swespot/writer';

export const reader: Writer | number = base;
