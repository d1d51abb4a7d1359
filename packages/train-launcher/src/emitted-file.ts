/** A file an emitter produced, relative to the output folder. */
export interface EmittedFile {
  /** Path inside the output folder, e.g. `train.sh`. */
  path: string;
  /** Its full text. */
  content: string;
  /** Whether to mark it executable (mode 0755). */
  executable: boolean;
}

/** Options every emitter takes. */
export interface EmitOptions {
  /** Comment lines to put at the top of each file (e.g. the memory estimate), without `#`. */
  headerLines?: readonly string[];
}
