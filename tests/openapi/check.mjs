// Validates docs/openapi.yaml with a real OpenAPI parser (@apidevtools/swagger-parser): the
// document against the OpenAPI 3.0 JSON Schema, every $ref resolved, operation ids and each
// operation's parameters unique. Usage: node check.mjs [FILE]   (default ../../docs/openapi.yaml)
// Prints "ok - ..." / "not ok - ...: reason" and last "N passed, N failed".
import SwaggerParser from '@apidevtools/swagger-parser';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.resolve(process.argv[2] || path.join(here, '..', '..', 'docs', 'openapi.yaml'));
let passed = 0, failed = 0;
async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    // The validator lists every fault it found, one per line: show them all.
    console.log(`not ok - ${name}: ${e && e.message ? e.message : e}`);
  }
}

let api = null;
await test(`${path.basename(file)} is a valid OpenAPI 3.0 document (schema, $refs, unique ids and parameters)`, async () => {
  // validate() dereferences a copy, so parse the file once more for the checks below.
  await SwaggerParser.validate(file);
  api = await SwaggerParser.parse(file);
  if (!/^3\.0\.\d+$/.test(api.openapi)) throw new Error(`openapi is "${api.openapi}", not 3.0.x`);
});

await test('every operation has an operationId, a summary and at least one response', async () => {
  if (!api) throw new Error('the document did not parse');
  const faults = [];
  for (const [p, item] of Object.entries(api.paths || {}))
    for (const m of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']) {
      const op = item[m];
      if (!op) continue;
      if (!op.operationId) faults.push(`${m.toUpperCase()} ${p}: no operationId`);
      if (!op.summary) faults.push(`${m.toUpperCase()} ${p}: no summary`);
      if (!op.responses || !Object.keys(op.responses).length) faults.push(`${m.toUpperCase()} ${p}: no responses`);
    }
  if (faults.length) throw new Error(`${faults.length} fault(s): ${faults.slice(0, 8).join('; ')}`);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
