'use strict';

// The build: copies the sources to dist/ and checks that the result loads.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
fs.cpSync(path.join(root, 'src'), dist, { recursive: true });
const { greet } = require(path.join(dist, 'index.js'));
if (typeof greet !== 'function') throw new Error('dist/index.js does not export greet');
console.log(`built ${path.relative(root, dist)}/`);
