import { distance } from 'fastest-levenshtein';
import type { CapturedNode } from './source-parser';

/** White space runs collapsed to one space and trimmed, so layout alone does not count as a difference. */
export function normalizeCode(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * 1 − Levenshtein distance / length of the longer text, on {@link normalizeCode}d texts:
 * 1 for texts equal but for layout, 0 for nothing in common. Two empty texts give 1.
 */
export function editSimilarity(fill: string, truth: string): number {
  const left = normalizeCode(fill);
  const right = normalizeCode(truth);
  const longest = Math.max(left.length, right.length);
  return longest === 0 ? 1 : 1 - distance(left, right) / longest;
}

/**
 * The named syntax nodes inside a UTF-16 range, comments left out, as one character per
 * node type (types numbered in order of first appearance in `alphabet`), so two sequences
 * compare with a string edit distance.
 */
export function nodeTypeSequence(nodes: readonly CapturedNode[], range: { readonly start: number; readonly end: number }, alphabet: Map<string, string>): string {
  let sequence = '';
  for (const node of nodes) {
    if (node.start < range.start || node.end > range.end || node.type === 'comment') continue;
    let letter = alphabet.get(node.type);
    if (letter === undefined) {
      // Private-use code points: one per node type, never a surrogate.
      letter = String.fromCharCode(0xe000 + alphabet.size);
      alphabet.set(node.type, letter);
    }
    sequence += letter;
  }
  return sequence;
}

/** 1 − edit distance / longer length of two node type sequences (1 when both are empty). */
export function sequenceSimilarity(left: string, right: string): number {
  const longest = Math.max(left.length, right.length);
  return longest === 0 ? 1 : 1 - distance(left, right) / longest;
}
