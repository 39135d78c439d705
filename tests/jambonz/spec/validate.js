// Validate jambonz JSON documents with jambonz's own verb specification (@jambonz/verb-specifications).
// Reads a JSON array of documents on stdin; prints one JSON line: a list of [index, error] for each
// document the specification refuses (empty when every one passes). Run by tests/jambonz/spec.py.
'use strict';
const {validate} = require('@jambonz/verb-specifications');

const logger = {info() {}, debug() {}, error() {}, warn() {}};
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const documents = JSON.parse(input);
  const refused = [];
  documents.forEach((document, index) => {
    try {
      validate(logger, document);
    } catch (err) {
      refused.push([index, String(err.message || err)]);
    }
  });
  process.stdout.write(JSON.stringify(refused) + '\n');
});
