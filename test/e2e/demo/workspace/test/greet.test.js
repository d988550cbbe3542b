const { test } = require('node:test');
const assert = require('node:assert/strict');
const { greet } = require('../src/greet');

test('greets by name', () => {
  assert.equal(greet('Ada'), 'Hello, Ada!');
});

test('trims the name', () => {
  assert.equal(greet('  Ada '), 'Hello, Ada!');
});

test('greets a stranger when the name is empty', () => {
  assert.equal(greet(''), 'Hello, stranger!');
});
