// Tokens of the condition language for highlighting, as src/rules/condition_lexer.cpp reads them,
// but tolerant: text the server would refuse (an unterminated string, a stray '=') still becomes
// a token, so the editor never loses colour while the user types. Positions are offsets into the
// JavaScript string; lineColumnOffset() maps the server's 1-based line and column (counted in
// characters, i.e. code points) to such an offset.

export type TokenClass =
  | 'space'
  | 'scope' // source target customer cart now
  | 'attr' // the name after a dot
  | 'fn' // a name called: related( date( contains( ...
  | 'kw' // in startsWith endsWith contains
  | 'bool' // true false
  | 'ident' // any other name (a currency code after a number, an unknown word)
  | 'num'
  | 'cur' // $ € £ or a currency code after a number
  | 'str'
  | 'op'
  | 'punc'
  | 'bad';

export interface CondToken {
  cls: TokenClass;
  start: number;
  end: number;
  text: string;
}

const SCOPES = new Set(['source', 'target', 'customer', 'cart', 'now']);
const WORD_OPS = new Set(['in', 'startsWith', 'endsWith', 'contains']);
const OPS = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '!', '+', '-', '*', '/', '%'];
const PUNC = '()[],.';

const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentChar = (c: string) => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

export function tokenize(text: string): CondToken[] {
  const out: CondToken[] = [];
  let i = 0;
  const push = (cls: TokenClass, start: number, end: number) => {
    out.push({ cls, start, end, text: text.slice(start, end) });
  };
  while (i < text.length) {
    const c = text.charAt(i);
    const start = i;
    if (/\s/.test(c)) {
      while (i < text.length && /\s/.test(text.charAt(i))) i++;
      push('space', start, i);
    } else if (isIdentStart(c)) {
      while (i < text.length && isIdentChar(text.charAt(i))) i++;
      push('ident', start, i);
    } else if (isDigit(c)) {
      while (isDigit(text.charAt(i))) i++;
      if (text.charAt(i) === '.' && isDigit(text.charAt(i + 1))) {
        i++;
        while (isDigit(text.charAt(i))) i++;
      }
      push('num', start, i);
    } else if (c === '"' || c === "'") {
      i++;
      let closed = false;
      while (i < text.length && text.charAt(i) !== '\n') {
        const d = text.charAt(i);
        if (d === '\\') {
          i += 2;
          continue;
        }
        i++;
        if (d === c) {
          closed = true;
          break;
        }
      }
      i = Math.min(i, text.length);
      push(closed ? 'str' : 'bad', start, i);
    } else if (c === '$' || c === '€' || c === '£') {
      i++;
      push('cur', start, i);
    } else if (PUNC.includes(c)) {
      i++;
      push('punc', start, i);
    } else {
      const op = OPS.find((o) => text.startsWith(o, i));
      if (op) {
        i += op.length;
        push('op', start, i);
      } else {
        i += c.length;
        push('bad', start, i);
      }
    }
  }
  classifyNames(out);
  return out;
}

/** Gives names their role from their neighbours: scope.attr, fn(, 50 USD, word operators. */
function classifyNames(tokens: CondToken[]) {
  const next = (k: number) => {
    for (let j = k + 1; j < tokens.length; j++) if (tokens[j]?.cls !== 'space') return tokens[j];
    return undefined;
  };
  const prev = (k: number) => {
    for (let j = k - 1; j >= 0; j--) if (tokens[j]?.cls !== 'space') return tokens[j];
    return undefined;
  };
  tokens.forEach((t, k) => {
    if (t.cls !== 'ident') return;
    const before = prev(k);
    const after = next(k);
    if (before?.text === '.' && before.cls === 'punc') {
      t.cls = after?.text === '(' ? 'fn' : 'attr';
    } else if (SCOPES.has(t.text) && (after?.text === '.' || t.text === 'now')) {
      t.cls = 'scope';
    } else if (after?.text === '(') {
      t.cls = 'fn';
    } else if (WORD_OPS.has(t.text)) {
      t.cls = 'kw';
    } else if (t.text === 'true' || t.text === 'false') {
      t.cls = 'bool';
    } else if (before?.cls === 'num' && /^[A-Z]{3}$/.test(t.text)) {
      t.cls = 'cur';
    }
  });
}

/**
 * The string offset of a 1-based line and column counted in characters (code points), as the
 * server reports them; clamped to the text.
 */
export function lineColumnOffset(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  let col = 1;
  while (col < column && offset < text.length && text.charAt(offset) !== '\n') {
    const cp = text.codePointAt(offset) ?? 0;
    offset += cp > 0xffff ? 2 : 1;
    col++;
  }
  return offset;
}

/** The span to mark for a diagnostic at `offset`: the token there, or one character. */
export function spanAt(tokens: CondToken[], offset: number, textLength: number): [number, number] {
  const t = tokens.find((x) => x.cls !== 'space' && x.start <= offset && offset < x.end);
  if (t) return [t.start, t.end];
  if (offset >= textLength) return [textLength, textLength];
  return [offset, offset + 1];
}

/**
 * The fix a diagnostic offers: the server's `suggestion` field, else its "did you mean" text.
 * "unknown attribute 'colr' (did you mean 'color'?)" -> {wrong: 'colr', suggestion: 'color'}
 */
export function suggestionOf(
  message: string,
  given?: string,
): { wrong: string | null; suggestion: string } | null {
  const suggestion = given ?? /did you mean '([^']+)'\?/.exec(message)?.[1];
  if (!suggestion) return null;
  const wrong = /'([^']+)'/.exec(message);
  return { wrong: wrong?.[1] && wrong[1] !== suggestion ? wrong[1] : null, suggestion };
}
