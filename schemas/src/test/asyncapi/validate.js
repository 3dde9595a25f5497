// Validates an AsyncAPI document with the official parser (@asyncapi/parser, the one the AsyncAPI
// CLI and Studio use) and its Avro schema parser, so that the .avsc files the messages reference are
// resolved and parsed too. Prints every diagnostic, then one JSON line that says what was parsed.
// Exit status: 0 if valid, 1 on any error (or any warning, with --strict), 2 on bad usage.
//
// Parser 3.x validates custom schema formats only in AsyncAPI 2 documents; in a 3.0 document it
// converts an Avro payload without checking it (an unknown type becomes an empty schema). So this
// script also runs the Avro schema parser's own validation on every payload the parser resolved.
//
//   node validate.js [--strict] path/to/asyncapi.yaml
'use strict';

const path = require('node:path');
const { Parser, fromFile, DiagnosticSeverity } = require('@asyncapi/parser');
const { AvroSchemaParser } = require('@asyncapi/avro-schema-parser');

const SEVERITY = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

async function main(args) {
  const strict = args.includes('--strict');
  const files = args.filter((arg) => !arg.startsWith('--'));
  if (files.length !== 1) {
    console.error('usage: node validate.js [--strict] <asyncapi.yaml>');
    return 2;
  }
  const file = path.resolve(files[0]);
  const parser = new Parser();
  const avro = AvroSchemaParser();
  parser.registerSchemaParser(avro);

  const { document, diagnostics } = await fromFile(parser, file).parse();

  let errors = 0;
  let warnings = 0;
  for (const diagnostic of diagnostics) {
    const severity = SEVERITY[diagnostic.severity] || String(diagnostic.severity);
    if (diagnostic.severity === DiagnosticSeverity.Error) errors++;
    if (diagnostic.severity === DiagnosticSeverity.Warning) warnings++;
    const where = (diagnostic.path || []).join('/');
    console.error(`${severity} ${diagnostic.code}: ${diagnostic.message} (at /${where})`);
  }
  if (!document) {
    console.error(`${file}: not a valid AsyncAPI document (${errors} errors)`);
    return 1;
  }

  // What the parser made of the messages: each Avro payload must have come back as a schema with
  // the fields of its .avsc, which proves the $ref was followed and the Avro parsed.
  const messages = [];
  for (const channel of document.channels()) {
    for (const message of channel.messages()) {
      const payload = message.payload();
      const properties = payload ? Object.keys(payload.properties() || {}) : [];
      const original = (message.json().payload || {})['x-parser-original-payload'];
      if (avro.getMimeTypes().includes(message.schemaFormat())) {
        const where = `/channels/${channel.id()}/messages/${message.id()}/payload/schema`;
        if (!original) {
          errors++;
          console.error(`error avro-payload: the Avro payload was not resolved (at ${where})`);
        } else {
          for (const problem of await avro.validate({ data: original, path: [] })) {
            errors++;
            console.error(`error avro-payload: ${problem.message} (at ${where})`);
          }
        }
      }
      messages.push({
        channel: channel.address(),
        message: message.name(),
        schemaFormat: message.schemaFormat(),
        payloadFields: properties,
      });
    }
  }
  console.log(JSON.stringify({
    asyncapi: document.version(),
    channels: document.channels().length,
    operations: document.operations().length,
    errors,
    warnings,
    messages,
  }));

  if (errors > 0 || (strict && warnings > 0)) {
    console.error(`${file}: ${errors} errors, ${warnings} warnings`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (failure) => {
    console.error(failure && failure.stack ? failure.stack : String(failure));
    process.exit(1);
  },
);
