'use strict';

/** Returns the greeting for a name; an empty name greets the world. */
function greet(name) {
  const who = typeof name === 'string' && name.trim() !== '' ? name.trim() : 'world';
  return `Hello, ${who}!`;
}

module.exports = { greet };

if (require.main === module) {
  console.log(greet(process.argv[2]));
}
