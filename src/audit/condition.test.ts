import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConditionSyntaxError, parseCondition } from './condition.js';

test('precedence: not binds tighter than and, and tighter than or', () => {
  assert.deepEqual(parseCondition('a or not b and c'), {
    type: 'or',
    items: [
      { type: 'macro', name: 'a', offset: 0 },
      { type: 'and', items: [{ type: 'not', item: { type: 'macro', name: 'b', offset: 9 } }, { type: 'macro', name: 'c', offset: 15 }] },
    ],
  });
});

test('checks: field arguments, quoted and bare values, lists, exists', () => {
  assert.deepEqual(parseCondition('jevt.value[/a~1b c] = "x y"'), { type: 'compare', field: 'jevt.value', arg: '/a~1b c', op: '=', value: 'x y', offset: 0 });
  assert.deepEqual(parseCondition('ka.uri startswith /healthz?'), { type: 'compare', field: 'ka.uri', op: 'startswith', value: '/healthz?', offset: 0, arg: undefined });
  assert.deepEqual(parseCondition('ka.verb in (get, "li,st", k8s_list)'), {
    type: 'list',
    field: 'ka.verb',
    arg: undefined,
    op: 'in',
    items: [{ text: 'get', quoted: false }, { text: 'li,st', quoted: true }, { text: 'k8s_list', quoted: false }],
    offset: 0,
  });
  assert.deepEqual(parseCondition('(ka.target.subresource exists)'), { type: 'exists', field: 'ka.target.subresource', arg: undefined, offset: 1 });
  assert.deepEqual(parseCondition("ka.user.name='it\\'s'"), { type: 'compare', field: 'ka.user.name', arg: undefined, op: '=', value: "it's", offset: 0 });
  assert.equal((parseCondition('ka.verb==get') as { op: string }).op, '=');
  assert.deepEqual((parseCondition('ka.verb in ()') as { items: unknown[] }).items, []);
});

test('keywords are whole words: macros named like them are macros', () => {
  assert.deepEqual(parseCondition('not_this and order'), { type: 'and', items: [{ type: 'macro', name: 'not_this', offset: 0 }, { type: 'macro', name: 'order', offset: 13 }] });
});

test('syntax errors carry the offset where parsing stopped', () => {
  const cases: [string, RegExp, number][] = [
    ['', /empty condition/, 0],
    ['a and', /expected a field, a macro or \(/, 5],
    ['(a or b', /expected \) to close the \( at offset 0/, 7],
    ['ka.verb', /expected an operator after field ka\.verb/, 7],
    ['ka.verb in get', /expected \( to start a list/, 11],
    ['ka.verb in (a b)', /expected , or \) in a list/, 14],
    ['ka.verb = "open', /unterminated string/, 10],
    ['ka.verb =', /expected a value after ka\.verb =/, 9],
    ['a b', /unexpected "b"/, 2],
    ['jevt.value[/x', /unterminated \[/, 10],
    ['and', /unexpected keyword and/, 0],
  ];
  for (const [text, message, offset] of cases) {
    assert.throws(() => parseCondition(text), (e: unknown) => e instanceof ConditionSyntaxError && message.test(e.message) && e.offset === offset, text);
  }
  assert.throws(() => parseCondition(`${'('.repeat(500)}a${')'.repeat(500)}`), /nested too deeply/);
  assert.throws(() => parseCondition(`${'not '.repeat(500)}a`), /nested too deeply/);
});
