import type { ParsedSource, SyntheticLanguage, TreeNode } from '../syntax';

/** One text replacement in a file: `[start, end)` (UTF-16 offsets) becomes `replacement`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/** One place a mutation can apply, and the edits that apply it. */
export interface MutationSite {
  /** The mutation's name, e.g. `invert-if`. */
  readonly mutation: string;
  /** What the edit does, e.g. `< → <=` or `removed the for loop at line 12`. */
  readonly description: string;
  /** Non-overlapping edits, sorted by start. */
  readonly edits: readonly TextEdit[];
}

/**
 * A procedural (syntax-tree) mutation, SWE-smith style: a small rewrite of one construct.
 * `sites` is its applicability check: it lists every place inside `scope` (a function, method
 * or class definition node) where it applies; an empty list means it cannot apply there.
 */
export interface ProceduralMutation {
  /** Short kebab-case name, recorded as `procedural/<name>` in the bug's origin. */
  readonly name: string;
  readonly description: string;
  /** The entities it targets: function bodies (functions and methods) or class headers. */
  readonly target: 'function' | 'class';
  readonly languages: readonly SyntheticLanguage[];
  sites(source: ParsedSource, scope: TreeNode): MutationSite[];
}

/** Every language the mutations support. */
export const ALL_LANGUAGES: readonly SyntheticLanguage[] = ['python', 'javascript', 'typescript', 'tsx'];
