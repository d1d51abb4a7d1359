/** Options of the utilities. */
export interface Options {
  readonly precision: number;
}
