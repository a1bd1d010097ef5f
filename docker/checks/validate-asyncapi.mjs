// Validates an AsyncAPI document with the official parser, including the JSON Schema files it references, and
// exits non-zero when the parser reports an error. Warnings and hints are printed but do not fail the check.
import { Parser, fromFile } from '@asyncapi/parser';

const path = process.argv[2];
if (!path) {
  console.error('Usage: node validate-asyncapi.mjs PATH_TO_ASYNCAPI_YAML');
  process.exit(2);
}

const SEVERITY = ['error', 'warning', 'info', 'hint'];
const parser = new Parser();
const { document, diagnostics } = await fromFile(parser, path).parse();

for (const diagnostic of diagnostics) {
  const where = diagnostic.path.join('.') || '(root)';
  console.log(`${SEVERITY[diagnostic.severity]}: ${where}: ${diagnostic.message}`);
}
const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 0);
if (!document || errors.length > 0) {
  console.error(`${path} is invalid: ${errors.length} error(s)`);
  process.exit(1);
}
console.log(`${path} is a valid AsyncAPI ${document.version()} document with ${document.channels().length} channels `
  + `and ${document.operations().length} operations`);
