// Greets a person by name. Demo task: make it trim the name and greet "stranger" when it is empty.
function greet(name) {
  return 'Hello, ' + name + '!';
}

module.exports = { greet };
