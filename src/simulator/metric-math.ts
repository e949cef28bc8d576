/**
 * A small evaluator of CloudWatch metric-math expressions, one timestamp at a
 * time: numbers, metric ids, + - * /, comparisons, IF(), FILL(), ABS(), MIN()
 * and MAX() of two values. That covers the expressions this library's signals
 * generate; anything else is reported as unsupported, never guessed.
 *
 * A missing value (no datapoint at that timestamp) is `undefined`: arithmetic
 * on it is missing too, and FILL() replaces it, as in CloudWatch.
 */

type Node =
  | { kind: 'number'; value: number }
  | { kind: 'id'; name: string }
  | { kind: 'unary'; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'call'; name: string; args: Node[] };

/** An expression this evaluator cannot compute. */
export class UnsupportedExpressionError extends Error {}

/** A parsed expression, evaluated against the values of its metric ids. */
export class MetricExpression {
  /** Parses `text`; throws UnsupportedExpressionError when it uses anything unsupported. */
  public static parse(text: string): MetricExpression {
    const tokens = tokenize(text);
    const parser = new Parser(tokens, text);
    const root = parser.expression();
    parser.end();
    return new MetricExpression(root, text);
  }

  private constructor(private readonly root: Node, public readonly text: string) {}

  /** The metric ids the expression reads. */
  public get ids(): string[] {
    const ids = new Set<string>();
    const walk = (n: Node): void => {
      if (n.kind === 'id') ids.add(n.name);
      if (n.kind === 'unary') walk(n.operand);
      if (n.kind === 'binary') { walk(n.left); walk(n.right); }
      if (n.kind === 'call') n.args.forEach(walk);
    };
    walk(this.root);
    return [...ids];
  }

  /** The value at one timestamp, given each id's value there (undefined: no datapoint). */
  public evaluate(value: (id: string) => number | undefined): number | undefined {
    return evaluate(this.root, value);
  }
}

const FUNCTIONS: Record<string, number> = { IF: 3, FILL: 2, ABS: 1, MIN: 2, MAX: 2 };

function evaluate(node: Node, value: (id: string) => number | undefined): number | undefined {
  switch (node.kind) {
    case 'number': return node.value;
    case 'id': return value(node.name);
    case 'unary': {
      const v = evaluate(node.operand, value);
      return v === undefined ? undefined : -v;
    }
    case 'binary': {
      const l = evaluate(node.left, value);
      const r = evaluate(node.right, value);
      return l === undefined || r === undefined ? undefined : binary(node.op, l, r);
    }
    case 'call': {
      const args = node.args;
      if (node.name === 'FILL') {
        return evaluate(args[0], value) ?? evaluate(args[1], value);
      }
      if (node.name === 'IF') {
        const condition = evaluate(args[0], value);
        return condition === undefined ? undefined : evaluate(condition !== 0 ? args[1] : args[2], value);
      }
      const values = args.map(a => evaluate(a, value));
      if (values.some(v => v === undefined)) {
        return undefined;
      }
      const [a, b] = values as number[];
      return node.name === 'ABS' ? Math.abs(a) : node.name === 'MIN' ? Math.min(a, b) : Math.max(a, b);
    }
  }
}

function binary(op: string, l: number, r: number): number {
  switch (op) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/': return l / r;
    case '<': return l < r ? 1 : 0;
    case '>': return l > r ? 1 : 0;
    case '<=': return l <= r ? 1 : 0;
    case '>=': return l >= r ? 1 : 0;
    case '==': return l === r ? 1 : 0;
    default: return l !== r ? 1 : 0; // '!='
  }
}

interface Token { readonly type: 'number' | 'id' | 'op' | 'string'; readonly text: string }

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|==|!=|[-+*/(),<>])|('[^']*'|"[^"]*"))/y;
  let index = 0;
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) {
      break;
    }
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) {
      throw new UnsupportedExpressionError(`cannot read metric math ${JSON.stringify(text)} at position ${index}`);
    }
    tokens.push(match[1] !== undefined ? { type: 'number', text: match[1] }
      : match[2] !== undefined ? { type: 'id', text: match[2] }
        : match[3] !== undefined ? { type: 'op', text: match[3] } : { type: 'string', text: match[4] });
    index = pattern.lastIndex;
  }
  return tokens;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[], private readonly text: string) {}

  public expression(): Node {
    let left = this.additive();
    const next = this.peek();
    if (next?.type === 'op' && ['<', '>', '<=', '>=', '==', '!='].includes(next.text)) {
      this.position++;
      left = { kind: 'binary', op: next.text, left, right: this.additive() };
    }
    return left;
  }

  public end(): void {
    if (this.position < this.tokens.length) {
      this.fail(`unexpected '${this.tokens[this.position].text}'`);
    }
  }

  private additive(): Node {
    return this.level(['+', '-'], () => this.multiplicative());
  }

  private multiplicative(): Node {
    return this.level(['*', '/'], () => this.unary());
  }

  /** Left-associative operators of one precedence level. */
  private level(ops: string[], operand: () => Node): Node {
    let left = operand();
    for (let t = this.peek(); t?.type === 'op' && ops.includes(t.text); t = this.peek()) {
      this.position++;
      left = { kind: 'binary', op: t.text, left, right: operand() };
    }
    return left;
  }

  private unary(): Node {
    const t = this.peek();
    if (t?.type === 'op' && t.text === '-') {
      this.position++;
      return { kind: 'unary', operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.tokens[this.position++];
    if (t === undefined) {
      return this.fail('unexpected end');
    }
    if (t.type === 'number') {
      return { kind: 'number', value: Number(t.text) };
    }
    if (t.type === 'op' && t.text === '(') {
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (t.type === 'id') {
      if (this.peek()?.text !== '(') {
        return { kind: 'id', name: t.text };
      }
      const name = t.text.toUpperCase();
      if (FUNCTIONS[name] === undefined) {
        return this.fail(`function ${t.text}() is not modelled (supported: ${Object.keys(FUNCTIONS).join(', ')})`);
      }
      this.position++;
      const args: Node[] = [this.expression()];
      while (this.peek()?.text === ',') {
        this.position++;
        args.push(this.expression());
      }
      this.expect(')');
      if (args.length !== FUNCTIONS[name]) {
        return this.fail(`${name}() takes ${FUNCTIONS[name]} arguments here, got ${args.length}`);
      }
      return { kind: 'call', name, args };
    }
    return this.fail(`unexpected '${t.text}'`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private expect(text: string): void {
    if (this.tokens[this.position]?.text !== text) {
      this.fail(`expected '${text}'`);
    }
    this.position++;
  }

  private fail(problem: string): never {
    throw new UnsupportedExpressionError(`cannot model metric math ${JSON.stringify(this.text)}: ${problem}`);
  }
}
