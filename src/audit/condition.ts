/**
 * Parser for Falco's condition language: `and`/`or`/`not`, parentheses, macro references, and
 * comparisons `field op value` / `field op (list)` / `field exists`. It produces a syntax tree that
 * `compile.ts` turns into closures once; nothing is parsed per event.
 */

export const BINARY_OPS = [
  '=', '==', '!=', '<', '<=', '>', '>=',
  'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith',
  'glob', 'iglob', 'regex', 'pmatch', 'in', 'intersects',
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];
export const LIST_OPS: ReadonlySet<string> = new Set(['in', 'intersects', 'pmatch']);

export interface ListItem {
  text: string;
  /** Bare items may name a list, which is expanded; quoted items are always literal. */
  quoted: boolean;
}

export type ConditionNode =
  | { type: 'and' | 'or'; items: ConditionNode[] }
  | { type: 'not'; item: ConditionNode }
  | { type: 'macro'; name: string; offset: number }
  | { type: 'exists'; field: string; arg?: string; offset: number }
  | { type: 'compare'; field: string; arg?: string; op: BinaryOp; value: string; offset: number }
  | { type: 'list'; field: string; arg?: string; op: 'in' | 'intersects' | 'pmatch'; items: ListItem[]; offset: number };

export class ConditionSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const WORD_OPS: ReadonlySet<string> = new Set(BINARY_OPS.filter((op) => /^[a-z]/.test(op)));
const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[A-Za-z0-9_.\-]/;
const MAX_DEPTH = 200;

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  parse(): ConditionNode {
    this.skipSpace();
    if (this.pos >= this.text.length) throw new ConditionSyntaxError('empty condition', 0);
    const node = this.parseOr();
    this.skipSpace();
    if (this.pos < this.text.length) throw new ConditionSyntaxError(`unexpected ${this.describeHere()}`, this.pos);
    return node;
  }

  private parseOr(): ConditionNode {
    const items = [this.parseAnd()];
    while (this.keyword('or')) items.push(this.parseAnd());
    return items.length === 1 ? items[0] : { type: 'or', items };
  }

  private parseAnd(): ConditionNode {
    const items = [this.parseNot()];
    while (this.keyword('and')) items.push(this.parseNot());
    return items.length === 1 ? items[0] : { type: 'and', items };
  }

  private parseNot(): ConditionNode {
    if (this.keyword('not')) {
      this.enter();
      const item = this.parseNot();
      this.depth--;
      return { type: 'not', item };
    }
    return this.parsePrimary();
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new ConditionSyntaxError('condition nested too deeply', this.pos);
  }

  private parsePrimary(): ConditionNode {
    this.skipSpace();
    const start = this.pos;
    if (this.text[this.pos] === '(') {
      this.pos++;
      this.enter();
      const inner = this.parseOr();
      this.depth--;
      this.skipSpace();
      if (this.text[this.pos] !== ')') throw new ConditionSyntaxError(`expected ) to close the ( at offset ${start}, found ${this.describeHere()}`, this.pos);
      this.pos++;
      return inner;
    }
    const name = this.identifier();
    if (name === undefined) throw new ConditionSyntaxError(`expected a field, a macro or (, found ${this.describeHere()}`, this.pos);
    if (['and', 'or', 'not'].includes(name)) throw new ConditionSyntaxError(`unexpected keyword ${name}`, start);
    let arg: string | undefined;
    if (this.text[this.pos] === '[') {
      const close = this.text.indexOf(']', this.pos);
      if (close < 0) throw new ConditionSyntaxError(`unterminated [ after ${name}`, this.pos);
      arg = this.text.slice(this.pos + 1, close);
      this.pos = close + 1;
    }
    if (!name.includes('.') && arg === undefined) return { type: 'macro', name, offset: start };
    this.skipSpace();
    const op = this.operator();
    if (op === undefined) throw new ConditionSyntaxError(`expected an operator after field ${name}, found ${this.describeHere()}`, this.pos);
    if (op === 'exists') return { type: 'exists', field: name, arg, offset: start };
    if (LIST_OPS.has(op)) {
      const items = this.list();
      return { type: 'list', field: name, arg, op: op as 'in' | 'intersects' | 'pmatch', items, offset: start };
    }
    this.skipSpace();
    const value = this.scalar(false);
    if (value === undefined) throw new ConditionSyntaxError(`expected a value after ${name} ${op}, found ${this.describeHere()}`, this.pos);
    return { type: 'compare', field: name, arg, op: op as BinaryOp, value: value.text, offset: start };
  }

  private list(): ListItem[] {
    this.skipSpace();
    if (this.text[this.pos] !== '(') throw new ConditionSyntaxError(`expected ( to start a list, found ${this.describeHere()}`, this.pos);
    this.pos++;
    const items: ListItem[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return items;
    }
    for (;;) {
      this.skipSpace();
      const item = this.scalar(true);
      if (item === undefined) throw new ConditionSyntaxError(`expected a list item, found ${this.describeHere()}`, this.pos);
      items.push(item);
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ')') {
        this.pos++;
        return items;
      }
      throw new ConditionSyntaxError(`expected , or ) in a list, found ${this.describeHere()}`, this.pos);
    }
  }

  private scalar(inList: boolean): ListItem | undefined {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") return { text: this.quoted(c), quoted: true };
    const start = this.pos;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (/\s/.test(ch) || ch === ')' || ch === '(' || (inList && ch === ',')) break;
      this.pos++;
    }
    return this.pos > start ? { text: this.text.slice(start, this.pos), quoted: false } : undefined;
  }

  private quoted(quote: string): string {
    const start = this.pos;
    this.pos++;
    let out = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++];
      if (ch === quote) return out;
      if (ch === '\\' && this.pos < this.text.length) {
        const next = this.text[this.pos++];
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
      } else out += ch;
    }
    throw new ConditionSyntaxError('unterminated string', start);
  }

  private operator(): string | undefined {
    for (const sym of ['==', '!=', '<=', '>=', '=', '<', '>']) {
      if (this.text.startsWith(sym, this.pos)) {
        this.pos += sym.length;
        return sym === '==' ? '=' : sym;
      }
    }
    const save = this.pos;
    const word = this.identifier();
    if (word !== undefined && (WORD_OPS.has(word) || word === 'exists')) return word;
    this.pos = save;
    return undefined;
  }

  private identifier(): string | undefined {
    if (!IDENT_START.test(this.text[this.pos] ?? '')) return undefined;
    const start = this.pos;
    while (this.pos < this.text.length && IDENT_CHAR.test(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private keyword(word: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(word, this.pos)) return false;
    const after = this.text[this.pos + word.length];
    if (after !== undefined && IDENT_CHAR.test(after)) return false;
    this.pos += word.length;
    return true;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private describeHere(): string {
    if (this.pos >= this.text.length) return 'end of condition';
    const rest = this.text.slice(this.pos, this.pos + 20).split(/\s/)[0];
    return JSON.stringify(rest || this.text[this.pos]);
  }
}

export function parseCondition(text: string): ConditionNode {
  return new Parser(text).parse();
}
