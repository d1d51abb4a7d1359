import { writeFile } from 'node:fs/promises';

/**
 * Writes a tiny Hugging Face `tokenizer.json` (BPE over lowercase letters with whitespace
 * pre-tokenization and merges that make `hello` one token) to `path`.
 */
export async function writeTinyTokenizer(path: string): Promise<void> {
  const pieces = [...'abcdefghijklmnopqrstuvwxyz', 'he', 'll', 'hell', 'hello'];
  const vocab: Record<string, number> = { '<unk>': 0 };
  for (const piece of pieces) vocab[piece] = Object.keys(vocab).length;
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [{ id: 0, content: '<unk>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
    normalizer: null,
    pre_tokenizer: { type: 'Whitespace' },
    post_processor: null,
    decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, vocab, merges: ['h e', 'l l', 'he ll', 'hell o'] },
  };
  await writeFile(path, JSON.stringify(tokenizer));
}
