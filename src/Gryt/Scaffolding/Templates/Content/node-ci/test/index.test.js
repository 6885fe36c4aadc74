'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { greet } = require('../src/index.js');

test('greets by name', () => {
  assert.equal(greet('Ada'), 'Hello, Ada!');
});

test('greets the world without a name', () => {
  assert.equal(greet(''), 'Hello, world!');
  assert.equal(greet(), 'Hello, world!');
});
