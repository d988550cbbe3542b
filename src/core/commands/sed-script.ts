// Reads a sed script just far enough to find commands that write files (w, W, s///w), run shell
// commands (e, s///e) or read files (r, R). Anything it does not recognise counts as dangerous.

export function sedScriptIsDangerous(s: string): boolean {
  let i = 0;
  const skipTo = (stop: RegExp) => {
    while (i < s.length && !stop.test(s[i])) i += s[i] === '\\' ? 2 : 1;
  };
  const readDelimited = (delim: string): boolean => {
    while (i < s.length && s[i] !== delim) i += s[i] === '\\' ? 2 : 1;
    if (i >= s.length) return false;
    i++;
    return true;
  };
  const address = (): boolean => {
    if (/[0-9]/.test(s[i] ?? '')) {
      while (/[0-9~]/.test(s[i] ?? '')) i++;
    } else if (s[i] === '$') i++;
    else if (s[i] === '/') {
      i++;
      if (!readDelimited('/')) return false;
      while (/[IM]/.test(s[i] ?? '')) i++;
    } else if (s[i] === '\\') {
      const d = s[i + 1];
      i += 2;
      if (!d || !readDelimited(d)) return false;
    }
    return true;
  };
  while (i < s.length) {
    while (/[\s;]/.test(s[i] ?? '')) i++;
    if (i >= s.length) break;
    if (!address()) return true;
    if (s[i] === ',') {
      i++;
      if (s[i] === '+' || s[i] === '~') i++;
      if (!address()) return true;
    }
    while (s[i] === ' ' || s[i] === '\t' || s[i] === '!') i++;
    const c = s[i++];
    if (c === undefined) break;
    if (c === '{' || c === '}') continue;
    if (c === 's' || c === 'y') {
      const d = s[i++];
      if (!d || d === '\n' || d === '\\') return true;
      if (!readDelimited(d) || !readDelimited(d)) return true;
      if (c === 's') {
        while (i < s.length && /[a-zA-Z0-9]/.test(s[i])) {
          if (s[i] === 'w' || s[i] === 'W' || s[i] === 'e') return true;
          i++;
        }
      }
      continue;
    }
    if ('wWeErR'.includes(c)) return true;
    if ('aic'.includes(c)) {
      skipTo(/\n/);
      continue;
    }
    if (':btT#'.includes(c)) {
      skipTo(c === '#' ? /\n/ : /[\n;]/);
      continue;
    }
    if ('qQlL'.includes(c)) {
      while (/[ 0-9]/.test(s[i] ?? '')) i++;
      continue;
    }
    if ('=dDgGhHnNpPxzF'.includes(c)) continue;
    return true;
  }
  return false;
}
