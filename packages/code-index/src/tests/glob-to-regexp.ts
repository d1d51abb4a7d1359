/**
 * Compiles a glob to a regular expression over `/`-separated paths: `**` spans folders,
 * `*` and `?` stay inside one segment, `{a,b}` chooses, `[...]` is a character class.
 * A glob without `/` matches the last segment only (pytest's `python_files` style).
 */
export function globToRegExp(glob: string): RegExp {
  const basenameOnly = !glob.includes('/');
  let source = '';
  let braceDepth = 0;
  for (let index = 0; index < glob.length; index += 1) {
    const character = glob[index] as string;
    if (character === '*') {
      if (glob[index + 1] === '*') {
        const followedBySlash = glob[index + 2] === '/';
        source += followedBySlash ? '(?:.*/)?' : '.*';
        index += followedBySlash ? 2 : 1;
      } else source += '[^/]*';
    } else if (character === '?') source += '[^/]';
    else if (character === '{') {
      braceDepth += 1;
      source += '(?:';
    } else if (character === '}' && braceDepth > 0) {
      braceDepth -= 1;
      source += ')';
    } else if (character === ',' && braceDepth > 0) source += '|';
    else if (character === '[') {
      const end = glob.indexOf(']', index);
      if (end === -1) source += '\\[';
      else {
        source += `[${glob.slice(index + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        index = end;
      }
    } else source += character.replace(/[.+^$()|\\]/g, '\\$&');
  }
  const prefix = basenameOnly ? '(?:^|/)' : '^(?:\\./)?';
  return new RegExp(`${prefix}${source}$`);
}
